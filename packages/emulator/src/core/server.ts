import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authorize } from "./authorize.js";
import { ClientRegistry } from "./clients.js";
import { createClock } from "./clock.js";
import { createContext } from "./context.js";
import { handleControl } from "./control-api.js";
import { Counters, type FaultSpec, Faults, type RateLimitSpec, RateLimits } from "./controls.js";
import { createRng } from "./data.js";
import type { Emulator, EmulatorInternals, EmulatorOptions } from "./emulator.js";
import { EmulatorError } from "./errors.js";
import { faultBefore, malformed } from "./fault-effects.js";
import { type EmulatorResponse, parseBody, readBody } from "./http.js";
import { selfAddress } from "./links.js";
import { respond } from "./respond.js";
import { type CompiledRoute, compileRoute, matchRoute } from "./routes.js";
import { TokenStore } from "./tokens.js";
import type { ProviderCore, ProviderInstance, ProviderModule } from "./types.js";
import { emulatorUrlFor, realUrlFor } from "./urls.js";

/**
 * Starts the emulator on loopback. Every provider host is served under a path prefix equal to
 * the real host (`${url}/accounts.zoho.eu/oauth/v2/token`).
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const modules = options.providers ?? (await import("../providers/index.js")).builtinProviders;
  const seed = options.seed ?? 1;
  const clock = createClock(options.startTime);
  const tokens = new TokenStore(clock);
  const clients = new ClientRegistry();
  const counters = new Counters();
  const faults = new Faults();
  const rateLimits = new RateLimits(clock);
  let autoApprove = options.autoApprove ?? false;
  const links = options.links ?? "real";
  if (links !== "real" && links !== "emulator") {
    throw new EmulatorError(
      "EMULATOR_INVALID_OPTION",
      `links: "${String(links)}" is not "real" or "emulator"`,
      'Use links: "emulator" for clients that follow links as given, or leave it out.',
    );
  }
  const instances = new Map<string, ProviderInstance>();
  const compiled = new Map<string, CompiledRoute[]>();
  const byId = new Map<string, ProviderModule<never>>();
  const authorizeEnv = { clients, autoApprove: () => autoApprove };

  for (const mod of modules) {
    if (byId.has(mod.id)) {
      throw new EmulatorError(
        "EMULATOR_INVALID_OPTION",
        `providers: provider id "${mod.id}" appears twice`,
        "Pass each provider module once.",
      );
    }
    byId.set(mod.id, mod);
    clients.registerDefault({ provider: mod.id, ...mod.defaultClient });
    const providerOptions = ((options as Record<string, unknown>)[mod.id] ?? {}) as never;
    const core: ProviderCore<never> = {
      id: mod.id,
      options: providerOptions,
      seed,
      clock,
      tokens,
      clients,
      autoApprove: () => autoApprove,
      datasetSize: (resource, fallback) => {
        const n = options.datasets?.[mod.id]?.[resource];
        if (n === undefined) return fallback;
        if (!Number.isInteger(n) || n < 0) {
          throw new EmulatorError(
            "EMULATOR_INVALID_OPTION",
            `datasets.${mod.id}.${resource}: ${n} is not a non-negative integer`,
            "Give data-set sizes as whole numbers.",
          );
        }
        return n;
      },
      rng: (...keys) => createRng(seed, mod.id, ...keys),
      authorize: (ctx, request) => authorize(authorizeEnv, mod, ctx, request),
      respond,
    };
    const instance = mod.create(core);
    instances.set(mod.id, instance);
    compiled.set(mod.id, instance.routes.map(compileRoute));
  }

  function findProvider(host: string) {
    for (const mod of byId.values()) {
      const match = mod.matchHost(host);
      if (match) return { mod, match };
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
      const raw = await readBody(req);
      const out = handleControl(
        emulator as EmulatorInternals,
        method,
        url,
        parseBody(raw, req.headers["content-type"]),
      );
      return write(res, out);
    }
    const segments = url.pathname.split("/");
    const hostSeg = decodeURIComponent(segments[1] ?? "").toLowerCase();
    const host = hostSeg.replace(/:\d+$/, "");
    const path = `/${segments.slice(2).join("/")}`;
    const found = host ? findProvider(host) : undefined;
    if (!found) {
      return write(
        res,
        respond.json(404, {
          error: "unknown_host",
          message: host
            ? `The emulator serves no provider at host "${host}".`
            : "Address a provider by its real host as the first path segment, e.g. /accounts.zoho.com/oauth/v2/auth.",
          providers: [...byId.keys()],
        }),
      );
    }
    const { mod, match } = found;
    const raw = await readBody(req);
    const body = parseBody(raw, req.headers["content-type"]);
    const params: Record<string, string> = {};
    const ctx = createContext({
      req,
      url,
      method,
      hostSegment: hostSeg,
      host,
      hostMatch: match,
      path,
      body,
      params,
      clock,
    });
    const instance = instances.get(mod.id)!;
    const chosen = matchRoute(
      compiled.get(mod.id) ?? [],
      { kind: match.kind, path, method },
      params,
    );
    if (!chosen) {
      counters.hit(mod.id, "not_found");
      return write(
        res,
        instance.notFound?.(ctx) ??
          respond.json(404, {
            error: "not_found",
            message: `No emulated ${mod.name} endpoint ${method} ${path}`,
          }),
      );
    }
    const endpoint =
      typeof chosen.route.endpoint === "function"
        ? chosen.route.endpoint(ctx)
        : chosen.route.endpoint;
    counters.hit(mod.id, endpoint);
    const target = { provider: mod.id, endpoint, path: ctx.emulatedPath, method };
    const fault = faults.take(target);
    const early = await faultBefore(fault);
    if (early === "drop") {
      req.socket.destroy();
      return;
    }
    if (early) return write(res, early);
    const limited = rateLimits.check(target);
    let out: EmulatorResponse;
    if (limited) {
      out = instance.throttled(ctx, {
        retryAfterSeconds: limited.retryAfterSeconds ?? 1,
        endpoint,
      });
    } else {
      try {
        out = await chosen.route.handler(ctx);
      } catch (err) {
        out = respond.json(500, { error: "emulator_error", message: (err as Error).message });
      }
    }
    if (links === "emulator") {
      // The origin as the client wrote it (127.0.0.1 or localhost, this port).
      const origin = req.headers.host ? `http://${req.headers.host}` : emulator.url;
      out = selfAddress(out, origin, (h) => findProvider(h) !== undefined);
    }
    if (fault?.kind === "malformed") out = malformed(out);
    return write(res, out);
  }

  function write(res: ServerResponse, out: EmulatorResponse): void {
    const noBody = out.status === 204 || out.status === 304;
    const headers = { ...out.headers };
    if (!noBody) headers["content-length"] = String(Buffer.byteLength(out.body));
    res.writeHead(out.status, headers);
    res.end(noBody ? undefined : out.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "emulator_error", message: (err as Error).message }));
      } else res.destroy();
    });
  });
  // Node's fetch (undici) reuses a connection only if the advertised keep-alive exceeds 2 s, and
  // drops an idle one 1 s before the advertised timeout. On a loaded machine that margin is not
  // enough: a request sent as the server closes the socket fails ("other side closed"). A long
  // timeout keeps tests from seeing a race the real providers' load balancers do not cause.
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const emulator: EmulatorInternals = {
    url,
    port,
    providers: [...byId.keys()],
    instances,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    urlFor: (realUrl) => emulatorUrlFor(url, realUrl),
    realUrlFor: (u) => realUrlFor(url, u),
    clock,
    tokens,
    clients,
    faults,
    rateLimits,
    rateLimit: (spec) => rateLimits.add(spec),
    count: (provider, endpoint) => counters.count(provider, endpoint),
    counts: () => counters.snapshot(),
    resetCounts: () => counters.reset(),
    expireTokens: (filter) => tokens.expireAccessTokens(filter),
    expireRefreshTokens: (filter) => tokens.expireRefreshTokens(filter),
    revoke: (token) => tokens.revoke(token),
    revokeAll: (filter) => tokens.revokeAll(filter),
    registerClient: (reg) => {
      if (!byId.has(reg.provider)) {
        throw new EmulatorError(
          "EMULATOR_UNKNOWN_PROVIDER",
          `registerClient: unknown provider "${reg.provider}"`,
          `Use one of: ${[...byId.keys()].join(", ")}.`,
        );
      }
      clients.register(reg);
    },
    defaultClient: (provider) => {
      const c = clients.defaultFor(provider);
      if (!c) {
        throw new EmulatorError(
          "EMULATOR_UNKNOWN_PROVIDER",
          `defaultClient: unknown provider "${provider}"`,
          `Use one of: ${[...byId.keys()].join(", ")}.`,
        );
      }
      return { ...c };
    },
    setAutoApprove: (enabled) => {
      autoApprove = enabled;
    },
    info: () => ({
      url,
      seed,
      autoApprove,
      links,
      now: clock.now(),
      providers: Object.fromEntries(
        [...instances].map(([id, inst]) => [
          id,
          {
            name: byId.get(id)?.name,
            defaultClient: clients.defaultFor(id),
            ...(inst.info?.() ?? {}),
          },
        ]),
      ),
    }),
    reset: () => {
      tokens.clear();
      counters.reset();
      faults.clear();
      rateLimits.clear();
      clock.reset();
      clients.reset();
      for (const inst of instances.values()) inst.reset?.();
    },
  };
  return emulator;
}

export type { Emulator, EmulatorBaseOptions, EmulatorOptions } from "./emulator.js";
export type { FaultSpec, RateLimitSpec };

import type { ClientRegistration } from "./clients.js";
import type { FaultKind, FaultSpec, RateLimitSpec } from "./controls.js";
import type { EmulatorInternals } from "./emulator.js";
import type { EmulatorResponse, ParsedBody } from "./http.js";
import { respond } from "./respond.js";
import type { TokenFilter } from "./tokens.js";

const KINDS: FaultKind[] = ["5xx", "slow", "malformed", "drop", "html"];

function obj(body: ParsedBody): Record<string, unknown> {
  if (body.kind === "json" && body.value && typeof body.value === "object") {
    return body.value as Record<string, unknown>;
  }
  if (body.kind === "form") return Object.fromEntries(body.fields);
  return {};
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const num = (v: unknown) =>
  typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : undefined;

function filterOf(b: Record<string, unknown>): TokenFilter {
  const f: TokenFilter = {};
  const provider = str(b.provider);
  const token = str(b.token);
  const clientId = str(b.clientId);
  if (provider) f.provider = provider;
  if (token) f.token = token;
  if (clientId) f.clientId = clientId;
  return f;
}

function matchOf(b: Record<string, unknown>) {
  const m: { provider?: string; endpoint?: string; path?: string | RegExp; method?: string } = {};
  if (str(b.provider)) m.provider = str(b.provider)!;
  if (str(b.endpoint)) m.endpoint = str(b.endpoint)!;
  if (str(b.method)) m.method = str(b.method)!;
  if (str(b.pathRegex)) m.path = new RegExp(str(b.pathRegex)!);
  else if (str(b.path)) m.path = str(b.path)!;
  return m;
}

const bad = (message: string) => respond.json(400, { error: "bad_request", message });

/**
 * The JSON control API under `/_emulator/…`, mirroring the in-process controls for other
 * processes (CLI demo, benchmarks). @internal
 */
export function handleControl(
  em: EmulatorInternals,
  method: string,
  url: URL,
  body: ParsedBody,
): EmulatorResponse {
  const path = url.pathname.replace(/\/+$/, "");
  const b = obj(body);
  const route = `${method} ${path}`;
  switch (route) {
    case "GET /_emulator":
    case "GET /_emulator/info":
      return respond.json(200, em.info());
    case "GET /_emulator/counts": {
      const provider = url.searchParams.get("provider");
      const endpoint = url.searchParams.get("endpoint");
      if (provider) return respond.json(200, { count: em.count(provider, endpoint ?? undefined) });
      return respond.json(200, { counts: em.counts() });
    }
    case "DELETE /_emulator/counts":
      em.resetCounts();
      return respond.json(200, { ok: true });
    case "GET /_emulator/tokens": {
      const provider = url.searchParams.get("provider") ?? undefined;
      const f = provider ? { provider } : undefined;
      return respond.json(200, {
        access: em.tokens.accessTokens(f),
        refresh: em.tokens.refreshTokens(f),
      });
    }
    case "POST /_emulator/tokens/expire": {
      const f = filterOf(b);
      const which = str(b.kind) ?? "access";
      const expired = which === "refresh" ? em.expireRefreshTokens(f) : em.expireTokens(f);
      return respond.json(200, { expired });
    }
    case "POST /_emulator/tokens/revoke": {
      const token = str(b.token);
      if (token) return respond.json(200, { revoked: em.revoke(token) ? 1 : 0 });
      return respond.json(200, { revoked: em.revokeAll(filterOf(b)) });
    }
    case "GET /_emulator/faults":
      return respond.json(200, { faults: em.faults.list() });
    case "POST /_emulator/faults": {
      const kind = str(b.kind) as FaultKind | undefined;
      if (!kind || !KINDS.includes(kind)) return bad(`kind must be one of ${KINDS.join(", ")}`);
      const spec: FaultSpec = { ...matchOf(b), kind };
      const times = b.times === "always" ? "always" : num(b.times);
      if (times !== undefined) spec.times = times;
      const status = num(b.status);
      if (status !== undefined) spec.status = status;
      const delayMs = num(b.delayMs);
      if (delayMs !== undefined) spec.delayMs = delayMs;
      return respond.json(201, { id: em.faults.add(spec) });
    }
    case "DELETE /_emulator/faults":
      em.faults.clear();
      return respond.json(200, { ok: true });
    case "GET /_emulator/rate-limits":
      return respond.json(200, { rateLimits: em.rateLimits.list() });
    case "POST /_emulator/rate-limits": {
      const spec: RateLimitSpec = { ...matchOf(b) };
      for (const k of ["limit", "windowMs", "times", "retryAfterSeconds"] as const) {
        const v = num(b[k]);
        if (v !== undefined) spec[k] = v;
      }
      if (spec.limit === undefined && spec.times === undefined)
        return bad("give limit (+ windowMs) or times");
      return respond.json(201, { id: em.rateLimit(spec) });
    }
    case "DELETE /_emulator/rate-limits":
      em.rateLimits.clear();
      return respond.json(200, { ok: true });
    case "GET /_emulator/clock":
      return respond.json(200, { now: em.clock.now() });
    case "POST /_emulator/clock": {
      const advanceMs = num(b.advanceMs);
      const set = num(b.set);
      if (advanceMs !== undefined) em.clock.advance(advanceMs);
      else if (set !== undefined) em.clock.set(set);
      else return bad("give advanceMs or set");
      return respond.json(200, { now: em.clock.now() });
    }
    case "POST /_emulator/clients": {
      const provider = str(b.provider);
      const clientId = str(b.clientId);
      if (!provider || !clientId) return bad("provider and clientId are required");
      const reg: ClientRegistration = { provider, clientId };
      if (str(b.clientSecret)) reg.clientSecret = str(b.clientSecret)!;
      if (Array.isArray(b.redirectUris)) reg.redirectUris = b.redirectUris.map(String);
      try {
        em.registerClient(reg);
      } catch (e) {
        return bad((e as Error).message);
      }
      return respond.json(201, { ok: true });
    }
    case "POST /_emulator/auto-approve":
      em.setAutoApprove(b.enabled === true || b.enabled === "true");
      return respond.json(200, { ok: true });
    case "POST /_emulator/reset":
      em.reset();
      return respond.json(200, { ok: true });
  }
  const fault = /^DELETE \/_emulator\/faults\/([^/]+)$/.exec(route);
  if (fault?.[1]) return respond.json(200, { removed: em.faults.remove(fault[1]) });
  const rl = /^DELETE \/_emulator\/rate-limits\/([^/]+)$/.exec(route);
  if (rl?.[1]) return respond.json(200, { removed: em.rateLimits.remove(rl[1]) });
  return respond.json(404, { error: "not_found", message: `No control endpoint ${route}` });
}

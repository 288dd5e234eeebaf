// A real, independent OAuth 2.0 authorization server (panva's oidc-provider) on 127.0.0.1, for
// integration tests. Counts token requests; interactions are approved or denied automatically
// unless `interaction` is "browser" (then oidc-provider's own login and consent pages answer).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export const CLIENTS = {
  basic: { clientId: "basic-client", clientSecret: "b@sic:secret+/&%=" },
  post: { clientId: "post-client", clientSecret: "post-secret-value" },
  public: { clientId: "public-client" },
} as const;
export const CALLBACK_PATH = "/oauth/callback";
export const ACCOUNT_ID = "user-42";

export interface TestAuthServer {
  readonly issuer: string;
  readonly port: number;
  /** Token endpoint requests received, by grant type (and in total). */
  readonly counts: { token: number; revocation: number; byGrant: Record<string, number> };
  /** Whether refresh requests rotate the refresh token. */
  rotateRefreshTokens: boolean;
  /** Access-token lifetime in seconds. */
  accessTokenTtl: number;
  /** How interactions are answered. */
  interaction: "approve" | "deny" | "browser";
  /** Drives the authorization URL like a browser that approves consent; returns the redirect URL to the client. */
  authorize(url: URL | string): Promise<URL>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startAuthServer(): Promise<TestAuthServer> {
  const state = {
    rotateRefreshTokens: true,
    accessTokenTtl: 3600,
    interaction: "approve" as "approve" | "deny" | "browser",
  };
  const counts = { token: 0, revocation: 0, byGrant: {} as Record<string, number> };
  const hanging = new Set<ServerResponse>();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const redirect_uris = [`http://127.0.0.1${CALLBACK_PATH}`];
  const common = {
    application_type: "native",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris,
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        ...common,
        client_id: CLIENTS.basic.clientId,
        client_secret: CLIENTS.basic.clientSecret,
        token_endpoint_auth_method: "client_secret_basic",
      },
      {
        ...common,
        client_id: CLIENTS.post.clientId,
        client_secret: CLIENTS.post.clientSecret,
        token_endpoint_auth_method: "client_secret_post",
      },
      { ...common, client_id: CLIENTS.public.clientId, token_endpoint_auth_method: "none" },
    ],
    cookies: { keys: ["test-cookie-key-not-secret"] },
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    scopes: ["openid", "offline_access"],
    ttl: { AccessToken: () => state.accessTokenTtl },
    rotateRefreshToken: () => state.rotateRefreshTokens,
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
  });
  // oidc-provider logs nothing by default; swallow its error events in tests.
  provider.on("server_error", () => {});
  const countGrant = (ctx: unknown) => {
    const grant =
      (ctx as { oidc?: { params?: { grant_type?: string } } }).oidc?.params?.grant_type ?? "(none)";
    counts.byGrant[grant] = (counts.byGrant[grant] ?? 0) + 1;
  };
  provider.on("grant.success", countGrant);
  provider.on("grant.error", countGrant);
  const handle = provider.callback();

  server.on("request", async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    try {
      if (url.pathname === "/hang") {
        hanging.add(res);
        return;
      }
      if (url.pathname === "/html-error") {
        await readBody(req);
        res
          .writeHead(500, { "content-type": "text/html" })
          .end("<html><body>Internal error</body></html>");
        return;
      }
      if (url.pathname === "/throttle") {
        await readBody(req);
        res.writeHead(429, { "content-type": "text/plain", "retry-after": "3" }).end("slow down");
        return;
      }
      if (url.pathname === "/token" && req.method === "POST") counts.token++;
      if (url.pathname === "/token/revocation" && req.method === "POST") counts.revocation++;
      if (url.pathname.startsWith("/interaction/") && state.interaction !== "browser") {
        const details = await provider.interactionDetails(req, res);
        if (state.interaction === "deny") {
          await provider.interactionFinished(
            req,
            res,
            { error: "access_denied", error_description: "The user denied access" },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const grant = new provider.Grant({
          accountId: ACCOUNT_ID,
          clientId: String(details.params.client_id),
        });
        grant.addOIDCScope(String(details.params.scope ?? "openid"));
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: ACCOUNT_ID }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      handle(req, res);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });

  async function authorize(start: URL | string): Promise<URL> {
    const jar = new Map<string, string>();
    let url = new URL(start);
    for (let i = 0; i < 20; i++) {
      const res = await fetch(url, {
        redirect: "manual",
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(";");
        const eq = pair?.indexOf("=") ?? -1;
        if (pair && eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
      const location = res.headers.get("location");
      const text = await res.text();
      if (res.status < 300 || res.status >= 400 || !location) {
        throw new Error(
          `authorization stopped at ${url.pathname} with HTTP ${res.status}: ${text.slice(0, 300)}`,
        );
      }
      url = new URL(location, url);
      if (url.origin !== issuer || url.pathname === CALLBACK_PATH) return url;
    }
    throw new Error("too many redirects during authorization");
  }

  return {
    issuer,
    port,
    counts,
    get rotateRefreshTokens() {
      return state.rotateRefreshTokens;
    },
    set rotateRefreshTokens(v: boolean) {
      state.rotateRefreshTokens = v;
    },
    get accessTokenTtl() {
      return state.accessTokenTtl;
    },
    set accessTokenTtl(v: number) {
      state.accessTokenTtl = v;
    },
    get interaction() {
      return state.interaction;
    },
    set interaction(v) {
      state.interaction = v;
    },
    authorize,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

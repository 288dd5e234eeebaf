import { createServer } from "node:net";
import { defineOAuthProvider } from "../../src/definition.js";
import type { TestAuthServer } from "./oidc-server.js";

/** The oidc-provider test server as a provider definition. */
export function testProvider(
  server: TestAuthServer,
  clientAuth: "basic" | "post" | "none" = "basic",
) {
  return defineOAuthProvider({
    id: "oidc-test",
    authorizationEndpoint: `${server.issuer}/auth`,
    tokenEndpoint: `${server.issuer}/token`,
    revocationEndpoint: `${server.issuer}/token/revocation`,
    clientAuth,
    scopes: { default: ["openid", "offline_access"] },
    authorizationParams: { prompt: "consent" },
  });
}

/** A port nothing listens on (just closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

import { isLoopbackHttpUrl } from "./urls.js";

/** An OAuth client registered with one emulated provider. */
export interface ClientRegistration {
  provider: string;
  clientId: string;
  /** Omitted: a public client (no secret checked). */
  clientSecret?: string;
  /** Exact redirect URIs accepted; omitted or empty: any loopback `http://` URL. */
  redirectUris?: string[];
}

/** Result of checking client credentials. */
export type ClientCheck = "ok" | "unknown_client" | "bad_secret" | "missing_secret";

/** OAuth clients per provider. */
export class ClientRegistry {
  readonly #clients = new Map<string, ClientRegistration>();
  readonly #defaults: ClientRegistration[] = [];

  /** Registers (or replaces) a client. */
  register(reg: ClientRegistration): void {
    this.#clients.set(`${reg.provider}\u0000${reg.clientId}`, {
      ...reg,
      ...(reg.redirectUris ? { redirectUris: [...reg.redirectUris] } : {}),
    });
  }

  /** Registers a default client (kept across {@link reset}). @internal */
  registerDefault(reg: ClientRegistration): void {
    this.#defaults.push(reg);
    this.register(reg);
  }

  /** The documented default client of a provider. */
  defaultFor(provider: string): ClientRegistration | undefined {
    return this.#defaults.find((c) => c.provider === provider);
  }

  /** Looks a client up. */
  get(provider: string, clientId: string | undefined): ClientRegistration | undefined {
    if (clientId === undefined) return undefined;
    return this.#clients.get(`${provider}\u0000${clientId}`);
  }

  /** Checks client id and secret. */
  check(provider: string, clientId: string | undefined, secret: string | undefined): ClientCheck {
    const c = this.get(provider, clientId);
    if (!c) return "unknown_client";
    if (c.clientSecret === undefined) return "ok";
    if (secret === undefined || secret === "") return "missing_secret";
    return secret === c.clientSecret ? "ok" : "bad_secret";
  }

  /** Exact match when the client registered redirect URIs, otherwise any loopback http URL. */
  redirectAllowed(client: ClientRegistration, uri: string | undefined): boolean {
    if (!uri) return false;
    if (client.redirectUris && client.redirectUris.length > 0)
      return client.redirectUris.includes(uri);
    return isLoopbackHttpUrl(uri);
  }

  /** Drops registered clients, keeping the defaults. */
  reset(): void {
    this.#clients.clear();
    for (const d of this.#defaults) this.register(d);
  }
}

// The properties every connector accepts (docs/connection-model.md), merged with a
// provider's own, and validated by @x/conn-string before any network call.
import {
  defineProperties,
  type InferConfig,
  type Property,
  type PropertyDeclarations,
  prop,
  type ValidateInput,
  validateProperties,
} from "@x/conn-string";

/** Property declarations of a connector (an `@x/conn-string` declaration object). */
export type ConnectorProperties = PropertyDeclarations;

/** The common properties every connector has. */
export const commonProperties = defineProperties({
  InitiateOAuth: prop.enum(["OFF", "GETANDREFRESH", "REFRESH"], {
    default: "OFF",
    description:
      "OFF: use OAuthAccessToken as given. GETANDREFRESH: run the browser flow when no tokens are stored, then refresh automatically. REFRESH: never open a browser; use stored or given tokens (or exchange OAuthVerifier once) and refresh.",
  }),
  OAuthClientId: prop.string({ description: "Client id of your OAuth application." }),
  OAuthClientSecret: prop.string({
    secret: true,
    description: "Client secret of your OAuth application.",
  }),
  CallbackURL: prop.url({
    description:
      "Redirect URI registered for the application (desktop default http://127.0.0.1:33333/callback).",
  }),
  OAuthAccessToken: prop.string({ secret: true, description: "An access token supplied by hand." }),
  OAuthRefreshToken: prop.string({
    secret: true,
    description: "A refresh token supplied by hand.",
  }),
  OAuthVerifier: prop.string({
    secret: true,
    description:
      "An authorization code (or the whole redirect URL) obtained elsewhere; exchanged once.",
  }),
  OAuthSettingsLocation: prop.string({
    // A redis:// or postgres:// location carries the server's password.
    secret: true,
    description:
      "Where OAuth values persist: a file path (default OAuthSettings.txt in a per-provider folder of the user's config directory), memory://NAME, redis://…, or postgres://…",
  }),
  OAuthSettingsKey: prop.string({
    description:
      "Names this connection's record in OAuthSettingsLocation: for a web app, the user or tenant id. Default: derived from the provider, the OAuth client id and the account (subdomain, region, company domain, account id), so different accounts never share a record.",
  }),
  OAuthSettingsSecret: prop.string({
    secret: true,
    description:
      "Secret that encrypts the stored OAuth values (else X_OAUTH_SETTINGS_SECRET, else derived from the client credentials).",
  }),
  Scope: prop.string({ description: "Scopes to request, separated by spaces or commas." }),
  Timeout: prop.integer({
    default: 60,
    min: 1,
    max: 2_147_483,
    description:
      "Seconds to wait for each HTTP request, body included (1 to 2147483). A call with its retries ends after twice this.",
  }),
  EmulatorURL: prop.url({
    description:
      "Routes every request to a local @x/emulator at this loopback URL (tests and demos).",
  }),
});

/** The `AuthScheme` property for a provider's schemes (the first is the default). */
type AuthSchemeProperty<S extends string> = Property<S, "default">;

/** Every property of a connector: `AuthScheme`, the common ones, and the provider's `P`. */
export type ConnectorPropertiesOf<P extends ConnectorProperties, S extends string> = {
  readonly AuthScheme: AuthSchemeProperty<S>;
} & typeof commonProperties &
  P;

/**
 * Typed values of a connector's properties, inferred from its declarations `P` and its auth
 * schemes `S`. `ConnectorConfig` alone (no arguments) is what every connector has.
 */
export type ConnectorConfig<
  P extends ConnectorProperties = Record<never, never>,
  S extends string = string,
> = InferConfig<typeof commonProperties> & { readonly AuthScheme: S } & InferConfig<P>;

/** Common properties + `AuthScheme` (the provider's schemes, the first being the default) + the provider's. */
export function connectorProperties<P extends ConnectorProperties, S extends string>(
  provider: P,
  authSchemes: readonly [S, ...S[]],
  aliases: readonly string[] = [],
): ConnectorPropertiesOf<P, S> {
  // Aliases (older names of a scheme) are accepted here; the connector reads them as their scheme.
  const values = [...authSchemes, ...aliases] as unknown as readonly [S, ...S[]];
  return defineProperties({
    AuthScheme: prop.enum(values, {
      default: authSchemes[0],
      description: `How to authenticate: ${authSchemes.join(", ")}.`,
    }),
    ...commonProperties,
    ...provider,
  });
}

/** Parses (if needed) and validates input against declarations: their typed values. */
export function readConfig<D extends ConnectorProperties>(
  properties: D,
  input: ValidateInput,
): InferConfig<D> {
  return validateProperties(properties, input);
}

import type { ColumnType, ConnectInput, ConnectOptions, Connector } from "@x/connector-kit";

/** A parameter (or a result column) of a procedure. */
export interface ProcedureParameter {
  name: string;
  type?: ColumnType | undefined;
  required?: boolean | undefined;
  description?: string | undefined;
}

/** A stored procedure as `EXEC Name A = 'x', B = ?` runs it. */
export interface Procedure {
  name: string;
  description?: string | undefined;
  parameters: readonly ProcedureParameter[];
  /** The columns of its result rows. */
  outputs?: readonly ProcedureParameter[] | undefined;
  /** Runs it with the given arguments (names as declared); resolves with its result rows. */
  run(
    args: Record<string, unknown>,
    options: { signal?: AbortSignal | undefined },
  ): Promise<Record<string, unknown>[]>;
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/**
 * The OAuth procedures of a connector, as the original drivers name them:
 * `GetOAuthAuthorizationURL`, `GetOAuthAccessToken` and `RefreshOAuthAccessToken`.
 * Their results carry tokens: show them to whoever may hold them only.
 */
export function oauthProcedures(
  connector: Pick<Connector, "getAuthorizationUrl" | "getAccessToken" | "refreshAccessToken">,
  input: ConnectInput,
  options: ConnectOptions = {},
): Procedure[] {
  const tokenOutputs = [
    { name: "OAuthAccessToken" },
    { name: "OAuthRefreshToken" },
    { name: "ExpiresIn", type: "integer" as const },
  ];
  return [
    {
      name: "GetOAuthAuthorizationURL",
      description: "The URL to send the user to, with the state (and PKCE verifier) to keep.",
      parameters: [
        { name: "AuthMode", description: "APP (default) or WEB." },
        { name: "CallbackURL", description: "Where the provider redirects after consent." },
        { name: "State", description: "A state of your own (default: a random one)." },
        { name: "Scope", description: "The scopes to ask for (default: the connector's)." },
      ],
      outputs: [{ name: "URL" }, { name: "State" }, { name: "CodeVerifier" }],
      async run(args) {
        const mode = str(args.AuthMode)?.toUpperCase();
        const result = await connector.getAuthorizationUrl(
          input,
          {
            ...(mode === "WEB" || mode === "APP" ? { authMode: mode } : {}),
            ...(args.CallbackURL !== undefined ? { callbackUrl: str(args.CallbackURL) } : {}),
            ...(args.State !== undefined ? { state: str(args.State) } : {}),
            ...(args.Scope !== undefined ? { scope: str(args.Scope) } : {}),
          },
          options,
        );
        return [
          { URL: result.url, State: result.state, CodeVerifier: result.codeVerifier ?? null },
        ];
      },
    },
    {
      name: "GetOAuthAccessToken",
      description: "Exchanges the code of the redirect (Verifier) for tokens.",
      parameters: [
        { name: "Verifier", required: true, description: "The code, or the whole redirect URL." },
        { name: "CallbackURL" },
        { name: "State", description: "The state kept with the authorization URL." },
        { name: "CodeVerifier", description: "The PKCE verifier kept with the authorization URL." },
      ],
      outputs: tokenOutputs,
      async run(args) {
        const result = await connector.getAccessToken(
          input,
          {
            verifier: String(args.Verifier),
            ...(args.CallbackURL !== undefined ? { callbackUrl: str(args.CallbackURL) } : {}),
            ...(args.State !== undefined ? { state: str(args.State) } : {}),
            ...(args.CodeVerifier !== undefined ? { codeVerifier: str(args.CodeVerifier) } : {}),
          },
          options,
        );
        return [
          {
            OAuthAccessToken: result.accessToken,
            OAuthRefreshToken: result.refreshToken ?? null,
            ExpiresIn: result.expiresIn ?? null,
          },
        ];
      },
    },
    {
      name: "RefreshOAuthAccessToken",
      description: "Exchanges a refresh token for a new access token.",
      parameters: [{ name: "OAuthRefreshToken", description: "Default: the stored one." }],
      outputs: tokenOutputs,
      async run(args) {
        const result = await connector.refreshAccessToken(
          input,
          args.OAuthRefreshToken !== undefined ? { refreshToken: str(args.OAuthRefreshToken) } : {},
          options,
        );
        return [
          {
            OAuthAccessToken: result.accessToken,
            OAuthRefreshToken: result.refreshToken ?? null,
            ExpiresIn: result.expiresIn ?? null,
          },
        ];
      },
    },
  ];
}

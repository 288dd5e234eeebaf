// Everything a connection or a procedure derives from its configuration and options, resolved
// once: the environment, the OAuth client credentials, the callback, the scopes, the emulator
// rewrite, and how to open the settings store.
import { createOAuthClient, type OAuthClient } from "@x/oauth-core";
import { openSettingsStore, type SettingsStore } from "@x/settings-store";
import type { ConnectorConfig } from "./config.js";
import type { ConnectOptions } from "./connector.js";
import type { ConnectorDefinition, ConnectorOAuth } from "./definition.js";
import { ConnectorError, ConnectorErrorCode } from "./errors.js";
import { settingsRecordKey } from "./record-key.js";
import { emulatorRewrite } from "./url-guard.js";

/** Redirect URI of the desktop flow when no CallbackURL is given. */
export const DEFAULT_CALLBACK = "http://127.0.0.1:33333/callback";

/** Environment variable names of a connector's default client credentials, from its id. */
export function defaultClientEnv(id: string): { clientId: string; clientSecret: string } {
  const stem = `X_${id.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
  return { clientId: `${stem}_CLIENT_ID`, clientSecret: `${stem}_CLIENT_SECRET` };
}

/** The resolved setup of one connection or procedure call. */
export interface Setup {
  warn(message: string): void;
  rewriteUrl: ((url: URL) => URL) | undefined;
  callbackUrl: string;
  scopes: string[] | undefined;
  extraParams: Record<string, string> | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** The OAuth client, when a client id is known (made on first use). */
  client(): OAuthClient | undefined;
  /** The OAuth client, or a typed error saying how to register one. */
  requireClient(): OAuthClient;
  /** Opens the settings store of this connection (at `location`, default OAuthSettingsLocation). */
  openStore(location?: string): Promise<SettingsStore>;
}

// biome-ignore lint/suspicious/noExplicitAny: any provider's definition; its config is C.
type AnyDefinition<C> = ConnectorDefinition<any, any, C & ConnectorConfig>;

/** Resolves the setup of `config` for `definition`. */
export function resolveSetup<C extends ConnectorConfig>(
  definition: AnyDefinition<C>,
  config: C,
  options: ConnectOptions,
): Setup {
  const oauth = definition.oauth as ConnectorOAuth<C> | undefined;
  const env = options.env ?? process.env;
  const envNames = oauth?.env ?? defaultClientEnv(definition.id);
  const clientId = config.OAuthClientId ?? (oauth ? env[envNames.clientId] : undefined);
  const clientSecret = config.OAuthClientSecret ?? (oauth ? env[envNames.clientSecret] : undefined);
  const emulatorUrl = options.emulatorUrl ?? config.EmulatorURL;
  const rewriteUrl = emulatorUrl ? emulatorRewrite(emulatorUrl) : undefined;
  const callbackUrl = config.CallbackURL ?? DEFAULT_CALLBACK;
  const values = () => oauth?.values?.(config) ?? {};
  const warn = options.onWarning ?? warnOncePerProcess;

  let made: OAuthClient | undefined;
  function client(): OAuthClient | undefined {
    if (!oauth || !clientId) return undefined;
    made ??= createOAuthClient(oauth.definition, {
      clientId,
      clientSecret,
      redirectUri: callbackUrl,
      values: values(),
      rewriteUrl,
      // An emulator may hand out loopback origins; real providers' are https.
      allowLoopbackHttp: emulatorUrl !== undefined,
      userAgent: definition.userAgent,
      fetch: options.fetch,
      timeoutMs: config.Timeout * 1000,
    });
    return made;
  }

  function requireClient(): OAuthClient {
    if (!oauth) {
      throw new ConnectorError(
        ConnectorErrorCode.Configuration,
        `${definition.name} has no OAuth.`,
        {
          hint: `Use one of: ${definition.authSchemes.join(", ")}.`,
        },
      );
    }
    const existing = client();
    if (existing) return existing;
    throw new ConnectorError(
      ConnectorErrorCode.Configuration,
      `${definition.name} OAuth needs a client id, and none was given.`,
      {
        hint: `Register an OAuth application at ${oauth.registerAppUrl}, then set OAuthClientId and OAuthClientSecret (and CallbackURL) in the connection string, or the ${envNames.clientId} and ${envNames.clientSecret} environment variables.`,
      },
    );
  }

  function openStore(location = config.OAuthSettingsLocation): Promise<SettingsStore> {
    const record = settingsRecordKey({
      provider: definition.id,
      given: options.settingsKey ?? config.OAuthSettingsKey,
      clientId,
      account: oauth ? (oauth.account?.(config) ?? values()) : {},
    });
    return openSettingsStore(location, {
      provider: definition.id,
      key: record.key,
      legacyKeys: record.legacyKeys,
      ...(options.redisClient ? { redisClient: options.redisClient } : {}),
      ...(options.postgresPool ? { postgresPool: options.postgresPool } : {}),
      recovery: {
        ...(options.recoveryPath ? { path: options.recoveryPath } : {}),
        onEvent: (event) => {
          if (event.type === "written") return;
          const why = event.error instanceof Error ? `: ${event.error.message}` : "";
          warn(
            event.type === "kept"
              ? `The settings store did not take the new OAuth tokens${why}. They are used from memory, kept in ${event.path}, and written to the store when it is back.`
              : `The recovery file ${event.path} could not be written either${why}. The new OAuth tokens live in this process's memory until the store is back.`,
          );
        },
      },
      secret: config.OAuthSettingsSecret,
      clientId,
      clientSecret,
      env,
    });
  }

  return {
    warn,
    rewriteUrl,
    callbackUrl,
    scopes: oauth?.scopes
      ? oauth.scopes(config)
      : config.Scope
        ? config.Scope.split(/[\s,]+/).filter(Boolean)
        : undefined,
    extraParams: oauth?.authorizationParams?.(config),
    clientId,
    clientSecret,
    client,
    requireClient,
    openStore,
  };
}

const warned = new Set<string>();
/**
 * The default warning sink: `process.emitWarning`, once per process per message, so a
 * deprecation does not repeat on every `connect()`. An `onWarning` option receives every one.
 */
function warnOncePerProcess(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { code: "X_CONNECTOR" });
}

import type { Connector } from "@x/connector-kit";
import { parseSettingsLocation, redactSettings, redactUrl } from "@x/settings-store";
import { CliError, ExitCode } from "../errors.js";
import { emit } from "../output.js";
import { loadProvider } from "../providers.js";
import { type CommandContext, connectionString, connectOptions } from "./context.js";

/** `xconn connect`: authenticate (desktop flow when needed) and show who is connected. */
export async function connectCommand(
  ctx: CommandContext,
  provider: string,
  cs?: string,
): Promise<void> {
  const connector = await loadProvider(provider);
  const conn = await connector.connect(connectionString(ctx, cs), connectOptions(ctx));
  try {
    const me = await conn.test();
    emit(
      ctx.io,
      !!ctx.global.json,
      { provider: connector.id, id: me.id, name: me.name, email: me.email },
      () =>
        `Connected to ${connector.name} as ${me.name ?? me.id}${me.email ? ` <${me.email}>` : ""} (id ${me.id}).`,
    );
  } finally {
    await conn.close();
  }
}

/** `xconn auth-url`: GetOAuthAuthorizationURL. */
export async function authUrlCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  opts: { callbackUrl?: string; state?: string; scope?: string; authMode?: string },
): Promise<void> {
  const connector = await loadProvider(provider);
  const mode = (opts.authMode ?? "APP").toUpperCase();
  if (mode !== "APP" && mode !== "WEB")
    throw new CliError(`--auth-mode must be APP or WEB, not ${opts.authMode}.`, ExitCode.Usage);
  const result = await connector.getAuthorizationUrl(
    connectionString(ctx, cs),
    {
      authMode: mode,
      ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}),
      ...(opts.state ? { state: opts.state } : {}),
      ...(opts.scope ? { scope: opts.scope } : {}),
    },
    connectOptions(ctx),
  );
  emit(
    ctx.io,
    !!ctx.global.json,
    { url: result.url, state: result.state, codeVerifier: result.codeVerifier },
    () =>
      [
        result.url,
        `state: ${result.state}`,
        ...(result.codeVerifier
          ? [`code verifier (keep it for the exchange): ${result.codeVerifier}`]
          : []),
      ].join("\n"),
  );
}

/** `xconn exchange`: GetOAuthAccessToken (headless option 1 when OAuthSettingsLocation is set). */
export async function exchangeCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  opts: {
    verifier: string;
    codeVerifier?: string;
    state?: string;
    /** `false` with --no-state-check. */
    stateCheck?: boolean;
    callbackUrl?: string;
  },
): Promise<void> {
  const connector = await loadProvider(provider);
  const result = await connector.getAccessToken(
    connectionString(ctx, cs),
    {
      verifier: opts.verifier,
      ...(opts.codeVerifier ? { codeVerifier: opts.codeVerifier } : {}),
      ...(opts.state ? { state: opts.state } : opts.stateCheck === false ? { state: false } : {}),
      ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}),
    },
    connectOptions(ctx),
  );
  tokenOutput(ctx, result);
}

/** `xconn refresh`: RefreshOAuthAccessToken. */
export async function refreshCommand(
  ctx: CommandContext,
  provider: string,
  cs: string | undefined,
  opts: { refreshToken?: string },
): Promise<void> {
  const connector = await loadProvider(provider);
  const result = await connector.refreshAccessToken(
    connectionString(ctx, cs),
    opts.refreshToken ? { refreshToken: opts.refreshToken } : {},
    connectOptions(ctx),
  );
  tokenOutput(ctx, result);
}

// The procedures' outputs are the tokens themselves: printed only when asked for with --json,
// which is what a script exchanging a verifier wants; the human form says what was stored.
function tokenOutput(
  ctx: CommandContext,
  r: {
    accessToken: string;
    refreshToken: string | undefined;
    expiresIn: number | undefined;
    metadata: Readonly<Record<string, string>>;
  },
): void {
  emit(
    ctx.io,
    !!ctx.global.json,
    {
      OAuthAccessToken: r.accessToken,
      OAuthRefreshToken: r.refreshToken,
      ExpiresIn: r.expiresIn,
      metadata: r.metadata,
    },
    () =>
      `Tokens obtained (expires in ${r.expiresIn ?? "?"} s; refresh token ${r.refreshToken ? "present" : "absent"}). They are stored when OAuthSettingsLocation is set; --json prints them.`,
  );
}

/** `xconn settings show|clear|export|import`. */
export async function settingsCommand(
  ctx: CommandContext,
  action: string,
  provider: string,
  cs: string | undefined,
  opts: { file?: string },
): Promise<void> {
  const connector = await loadProvider(provider);
  const input = connectionString(ctx, cs);
  const options = connectOptions(ctx);
  if (action === "show") {
    const store = await connector.openSettings(input, options);
    try {
      const record = await store.get();
      const shown = record ? redactSettings(record) : null;
      const location = settingsLocation(connector, input);
      const where = `${store.driver.name} store at ${location}, record "${store.key}"`;
      emit(
        ctx.io,
        !!ctx.global.json,
        { driver: store.driver.name, location, key: store.key, settings: shown },
        () =>
          shown ? `${where}:\n${JSON.stringify(shown, null, 2)}` : `No settings stored (${where}).`,
      );
    } finally {
      await store.close();
    }
    return;
  }
  if (action === "clear") {
    const store = await connector.openSettings(input, options);
    try {
      // Checked on the raw value: a record no secret here can decrypt can still be cleared.
      const existed = (await store.driver.get(store.key)) !== undefined;
      await store.delete();
      emit(ctx.io, !!ctx.global.json, { driver: store.driver.name, cleared: existed }, () =>
        existed
          ? `Removed the stored settings (${store.driver.name} store). The next connection authorizes again.`
          : `No settings stored (${store.driver.name} store); nothing to clear.`,
      );
    } finally {
      await store.close();
    }
    return;
  }
  if (action !== "export" && action !== "import") {
    throw new CliError(
      `Unknown settings action "${action}".`,
      ExitCode.Usage,
      "Use show, clear, export or import.",
    );
  }
  if (!opts.file) throw new CliError(`settings ${action} needs --file <path>.`, ExitCode.Usage);
  const own = await connector.openSettings(input, options);
  const file = await connector.openSettings(input, { ...options, location: opts.file });
  try {
    const [from, to] = action === "export" ? [own, file] : [file, own];
    const record = await from.get();
    if (!record)
      throw new CliError(
        `Nothing to ${action}: no settings stored there.`,
        ExitCode.Settings,
        "Connect first (xconn connect), or check OAuthSettingsLocation.",
      );
    await to.set(record);
    emit(
      ctx.io,
      !!ctx.global.json,
      { [action === "export" ? "exported" : "imported"]: opts.file },
      () =>
        action === "export"
          ? `Exported to ${opts.file} (encrypted; usable wherever the same client credentials or OAuthSettingsSecret are set).`
          : `Imported from ${opts.file}.`,
    );
  } finally {
    await own.close();
    await file.close();
  }
}

/** Where a connection's settings live, fit to print: a file path, or the URL without its password. */
function settingsLocation(connector: Connector, input: string): string {
  const config = connector.parseConfig(input) as { OAuthSettingsLocation?: string };
  const parsed = parseSettingsLocation(config.OAuthSettingsLocation, connector.id);
  return parsed.kind === "file" ? parsed.path : redactUrl(config.OAuthSettingsLocation ?? "");
}

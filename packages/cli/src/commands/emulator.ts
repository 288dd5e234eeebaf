import { startEmulator } from "@x/emulator";
import { emit } from "../output.js";
import type { CommandContext } from "./context.js";

/** `xconn emulator`: serves every provider on loopback until SIGINT/SIGTERM. */
export async function emulatorCommand(
  ctx: CommandContext,
  opts: { port?: string; autoApprove?: boolean },
): Promise<void> {
  const emulator = await startEmulator({
    port: Number(opts.port ?? 4010),
    autoApprove: !!opts.autoApprove,
  });
  const info = emulator.info() as {
    providers?: Record<string, { defaultClient?: { clientId: string; clientSecret?: string } }>;
  };
  // The OAuth clients every emulated provider accepts out of the box (they are not secrets).
  const clients = Object.fromEntries(
    Object.entries(info.providers ?? {}).flatMap(([id, p]) =>
      p.defaultClient ? [[id, p.defaultClient]] : [],
    ),
  );
  emit(ctx.io, !!ctx.global.json, { url: emulator.url, defaultClients: clients }, () =>
    [
      `Emulator listening on ${emulator.url}`,
      `Connect with EmulatorURL=${emulator.url} (or --emulator ${emulator.url}). Ctrl+C stops it.`,
      "Default OAuth clients (OAuthClientId / OAuthClientSecret):",
      ...Object.entries(clients).map(
        ([id, c]) =>
          `  ${id.padEnd(16)} ${c.clientId}${c.clientSecret ? ` / ${c.clientSecret}` : ""}`,
      ),
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
}

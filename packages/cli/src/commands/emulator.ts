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
  emit(ctx.io, !!ctx.global.json, { url: emulator.url }, () =>
    [
      `Emulator listening on ${emulator.url}`,
      `Connect with EmulatorURL=${emulator.url} (or --emulator ${emulator.url}). Ctrl+C stops it.`,
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
}

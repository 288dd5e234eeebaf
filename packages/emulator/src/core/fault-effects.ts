import type { Fault } from "./controls.js";
import type { EmulatorResponse } from "./http.js";
import { respond } from "./respond.js";

const PROXY_HTML = (status: number) =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/**
 * What a fault does before the handler runs: `"drop"` the socket, answer in the handler's place
 * (5xx, html), or nothing (slow waits here; malformed acts on the answer, see {@link malformed}).
 */
export async function faultBefore(
  fault: Fault | undefined,
): Promise<EmulatorResponse | "drop" | undefined> {
  switch (fault?.kind) {
    case "drop":
      return "drop";
    case "5xx": {
      const status = fault.status ?? 500;
      return respond.text(status, `${status} Internal Server Error (emulated fault)`);
    }
    case "html": {
      const status = fault.status ?? 502;
      return respond.html(status, PROXY_HTML(status));
    }
    case "slow":
      await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
      return undefined;
    default:
      return undefined;
  }
}

/** The real answer cut in half (invalid JSON/XML); 204 and 304 become 200 so the body is read. */
export function malformed(out: EmulatorResponse): EmulatorResponse {
  const body =
    out.body.length > 1 ? out.body.slice(0, Math.max(1, Math.floor(out.body.length / 2))) : '{"';
  return {
    status: out.status === 204 || out.status === 304 ? 200 : out.status,
    headers: { "content-type": "application/json;charset=UTF-8", ...out.headers },
    body,
  };
}

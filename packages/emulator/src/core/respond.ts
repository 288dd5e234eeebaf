import type { EmulatorResponse } from "./http.js";
import type { Responses } from "./types.js";

const mk = (
  status: number,
  type: string | undefined,
  body: string,
  headers?: Record<string, string>,
) => ({
  status,
  headers: { ...(type ? { "content-type": type } : {}), ...(headers ?? {}) },
  body,
});

/** Response helpers shared by every provider. */
export const respond: Responses = {
  json: (status, body, headers) =>
    mk(status, "application/json;charset=UTF-8", JSON.stringify(body), headers),
  text: (status, body, headers) => mk(status, "text/plain; charset=utf-8", body, headers),
  html: (status, body, headers) => mk(status, "text/html; charset=utf-8", body, headers),
  xml: (status, body, headers) => mk(status, "application/xml; charset=utf-8", body, headers),
  empty: (status, headers) => mk(status, undefined, "", headers),
  redirect: (location, status = 302): EmulatorResponse => mk(status, undefined, "", { location }),
};

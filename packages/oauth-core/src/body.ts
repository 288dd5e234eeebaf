/**
 * Reading a token-endpoint answer whole, within the request's deadline and a size cap: a server
 * that trickles its body, or never ends it, must not hold a refresh (and the store lock) forever.
 *
 * @module
 */

/** Most bytes read from a token or revocation response. Real ones are well under 10 KiB. */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/** Limits of {@link readLimitedText}. */
export interface ReadLimits {
  maxBytes: number;
  /** Epoch ms by which the whole body must have arrived. */
  deadline: number;
  onTimeout(): Error;
  onTooLarge(): Error;
}

/** Reads a body as UTF-8 text, failing with the limits' errors past the deadline or the cap. */
export async function readLimitedText(response: Response, limits: ReadLimits): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(limits.onTimeout()), Math.max(0, limits.deadline - Date.now()));
  });
  expired.catch(() => undefined);
  let text = "";
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) return text + decoder.decode();
      received += value.byteLength;
      if (received > limits.maxBytes) throw limits.onTooLarge();
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

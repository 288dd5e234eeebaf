import { hidePasswords, SettingsLocationError } from "../errors.js";

/**
 * A Redis or PostgreSQL URL must parse before it reaches the client library: a malformed one would
 * fail there with an untyped error that prints the URL, password included.
 */
export function checkServerUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.hostname === "") {
    throw new SettingsLocationError(
      `OAuthSettingsLocation ${hidePasswords(text)} is not a valid URL.`,
      "Use scheme://user:password@host:port/database, with special characters of the password percent-encoded (/ as %2F, @ as %40, : as %3A).",
    );
  }
  return text;
}

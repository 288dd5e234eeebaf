import type { Emulator } from "../src/index.js";

/** Form-encoded POST. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

export const ZOHO = { clientId: "emulator-zoho-client", clientSecret: "emulator-zoho-secret" };
export const REDIRECT = "http://127.0.0.1:53682/callback";

/** Runs the Zoho authorize step (auto-approve must be on) and returns the redirect query. */
export async function zohoAuthorize(
  em: Emulator,
  extra: Record<string, string> = {},
  host = "accounts.zoho.com",
): Promise<URLSearchParams> {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: ZOHO.clientId,
    redirect_uri: REDIRECT,
    scope:
      "ZohoCRM.modules.ALL,ZohoCRM.users.READ,ZohoSearch.securesearch.READ,ZohoInventory.FullAccess.all",
    access_type: "offline",
    state: "st-1",
    ...extra,
  });
  const r = await fetch(`${em.url}/${host}/oauth/v2/auth?${q}`, { redirect: "manual" });
  if (r.status !== 302) throw new Error(`authorize: ${r.status} ${await r.text()}`);
  return new URL(r.headers.get("location")!).searchParams;
}

/** Full Zoho flow: returns the token response. */
export async function zohoTokens(
  em: Emulator,
  extra: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const p = await zohoAuthorize(em, extra);
  const server = new URL(p.get("accounts-server")!).host;
  const r = await postForm(`${em.url}/${server}/oauth/v2/token`, {
    grant_type: "authorization_code",
    client_id: ZOHO.clientId,
    client_secret: ZOHO.clientSecret,
    redirect_uri: REDIRECT,
    code: p.get("code")!,
  });
  return (await r.json()) as Record<string, unknown>;
}

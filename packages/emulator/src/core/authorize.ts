import type { ClientRegistry } from "./clients.js";
import { renderConsentPage, renderErrorPage } from "./consent.js";
import type { EmulatorResponse } from "./http.js";
import { respond } from "./respond.js";
import type { AuthorizeRequest, ProviderModule, RequestContext } from "./types.js";

/** What the consent step needs from the running emulator. */
export interface AuthorizeEnv {
  clients: ClientRegistry;
  autoApprove(): boolean;
}

/**
 * The consent step of an authorize endpoint (`ProviderCore.authorize`): validates client and
 * redirect_uri, then shows the consent page, auto-approves, or carries the user's decision.
 */
export function authorize(
  env: AuthorizeEnv,
  mod: ProviderModule<never>,
  ctx: RequestContext,
  r: AuthorizeRequest,
): EmulatorResponse {
  const client = env.clients.get(mod.id, r.clientId);
  if (!client) {
    return respond.html(
      400,
      renderErrorPage(mod.name, `Invalid client: unknown client_id "${r.clientId ?? ""}".`),
    );
  }
  if (!env.clients.redirectAllowed(client, r.redirectUri)) {
    return respond.html(
      400,
      renderErrorPage(
        mod.name,
        `Invalid redirect_uri "${r.redirectUri ?? ""}" for client ${client.clientId}.`,
      ),
    );
  }
  if (r.error) return respond.html(400, renderErrorPage(mod.name, r.error));
  const back = (params: Record<string, string>) => {
    const u = new URL(r.redirectUri as string);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    if (r.state !== undefined && !u.searchParams.has("state")) u.searchParams.set("state", r.state);
    return respond.redirect(u.toString());
  };
  if (r.redirectError) return back({ error: r.redirectError });
  const decision = ctx.method === "POST" ? ctx.param("decision") : undefined;
  if (decision === "deny") return back({ error: "access_denied" });
  if (decision === "allow" || (ctx.method === "GET" && env.autoApprove())) {
    const params = r.approve();
    const ordered: Record<string, string> = {};
    if (r.state !== undefined) ordered.state = r.state;
    return back({ ...ordered, ...params });
  }
  const fields: [string, string][] = [];
  const seen = new Set<string>();
  const add = (k: string, v: string) => {
    if (k === "decision" || seen.has(k)) return;
    seen.add(k);
    fields.push([k, v]);
  };
  if (ctx.body.kind === "form") for (const [k, v] of ctx.body.fields) add(k, v);
  for (const [k, v] of ctx.query) add(k, v);
  return respond.html(
    200,
    renderConsentPage({
      providerName: mod.name,
      clientId: client.clientId,
      scopes: r.scopes,
      action: ctx.emulatedPath,
      fields,
      ...(r.details ? { details: r.details } : {}),
    }),
    { "cache-control": "no-store" },
  );
}

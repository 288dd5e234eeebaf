import { prop } from "@x/conn-string";
import { defineOAuthProvider } from "@x/oauth-core";
import { basicAuth } from "../src/auth.js";
import { defineConnector } from "../src/connector.js";
import { ConnectorError } from "../src/errors.js";
import { nextLinkPagination } from "../src/paginate.js";

// A minimal connector over the emulator's Zendesk, enough to drive every layer of the kit.
export const lite = defineConnector({
  id: "kit-test",
  name: "Kit Test",
  userAgent: "x-kit-test/0.0.0",
  properties: {
    Subdomain: prop.string({ required: true }),
    APIToken: prop.string({ secret: true }),
    User: prop.string(),
  },
  authSchemes: ["OAuth", "Basic"],
  oauth: {
    definition: defineOAuthProvider({
      id: "kit-test",
      authorizationEndpoint: "https://{subdomain}.zendesk.com/oauth/authorizations/new",
      tokenEndpoint: "https://{subdomain}.zendesk.com/oauth/tokens",
      clientAuth: "post",
      scopes: { default: ["read"] },
      refreshTokenRotation: "always",
      tokenParams: { expires_in: "1800" },
      refreshParams: { expires_in: "1800" },
    }),
    values: (c) => ({ subdomain: String(c.Subdomain) }),
    env: { clientId: "KIT_TEST_CLIENT_ID", clientSecret: "KIT_TEST_CLIENT_SECRET" },
    registerAppUrl: "https://example.invalid/register",
  },
  credentials: (ctx) => basicAuth(`${ctx.config.User}/token`, String(ctx.config.APIToken)),
  api: (ctx) => ({
    baseUrl: `https://${ctx.config.Subdomain}.zendesk.com`,
    allowedHosts: [`${ctx.config.Subdomain}.zendesk.com`],
  }),
  async whoAmI(api) {
    const body = (await (await api.send({ path: "api/v2/users/me.json" })).json()) as {
      user: { id: number | null; name: string; email: string };
    };
    if (body.user.id === null) throw new ConnectorError("CONNECTOR_NOT_AUTHENTICATED", "anonymous");
    return { id: String(body.user.id), name: body.user.name, email: body.user.email, raw: body };
  },
  resources: () => ({
    tickets: {
      firstRequest: (p) => ({
        path: "api/v2/tickets.json",
        searchParams: { "page[size]": p.pageSize ?? 100 },
      }),
      pagination: nextLinkPagination({
        items: (b) => (b as { tickets: unknown[] }).tickets,
        nextUrl: (b) =>
          (b as { meta: { has_more: boolean }; links: { next: string } }).meta.has_more
            ? (b as { links: { next: string } }).links.next
            : undefined,
      }),
    },
  }),
});

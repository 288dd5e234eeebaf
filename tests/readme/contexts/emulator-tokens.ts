import { consentedRedirectUrl, startEmulator } from "@x/emulator";
import { createOAuthClient } from "@x/oauth-core";
import { zohoOAuthProvider, zohoTemplateValues } from "@x/zoho-accounts";

// A client and the tokens of an authorization, from the emulator's Zoho.
const emulator = await startEmulator({ autoApprove: true });
const client = createOAuthClient(
  zohoOAuthProvider({ id: "readme", scopes: ["ZohoCRM.users.READ"] }),
  {
    ...emulator.defaultClient("zoho"),
    redirectUri: "http://127.0.0.1:9/cb",
    values: zohoTemplateValues("US"),
    rewriteUrl: (url) => new URL(emulator.urlFor(url)),
  },
);
const authorization = client.createAuthorizationRequest();
const redirect = await consentedRedirectUrl(authorization.url.href);
const { code, captured } = client.processRedirect(redirect, authorization.state);
// biome-ignore lint/correctness/noUnusedVariables: the README block placed at @example uses it
const tokens = await client.exchangeCode(code, { captured });
// @example
await emulator.close();

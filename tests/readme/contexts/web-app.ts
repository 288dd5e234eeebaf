import type { OAuthClient } from "@x/oauth-core";

// A client made earlier, and what a web framework (Express here) hands a request handler.
declare const client: OAuthClient;
declare const session: { oauth: { state: string; codeVerifier: string | undefined } };
declare const req: { url: string };
declare const res: { redirect(url: string): void };

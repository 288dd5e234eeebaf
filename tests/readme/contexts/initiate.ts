import type { OAuthClient } from "@x/oauth-core";
import type { openSettingsStore as OpenSettingsStore } from "@x/settings-store";

// A client made earlier, its credentials, and values from the connection string.
declare const client: OAuthClient;
declare const clientId: string;
declare const clientSecret: string;
declare const callbackUrl: string;
declare const code: string;
declare const accessToken: string;
declare const opts: Parameters<typeof OpenSettingsStore>[1];

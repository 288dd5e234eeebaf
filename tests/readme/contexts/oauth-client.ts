import type { OAuthClient } from "@x/oauth-core";
import type { SettingsStore } from "@x/settings-store";

// A client (`createOAuthClient`) and a store (`openSettingsStore`) made earlier.
declare const client: OAuthClient;
declare const store: SettingsStore;

// The application's Zoho credentials, which also key the settings' encryption.
process.env.ZOHO_CLIENT_ID ??= "readme-client";
process.env.ZOHO_CLIENT_SECRET ??= "readme-secret";
process.env.X_OAUTH_SETTINGS_SECRET ??= "readme-settings-secret";
// @example

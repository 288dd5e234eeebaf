import { escapeHtml } from "./http.js";

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f5f7;color:#1d2330}
main{background:#fff;max-width:28rem;width:calc(100% - 2rem);padding:2rem;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 .5rem}
p{line-height:1.5}
.badge{display:inline-block;font-size:.75rem;padding:.1rem .5rem;border-radius:999px;background:#eef;color:#334}
ul{padding-left:1.25rem}
code{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{flex:1;font:inherit;padding:.65rem 1rem;border-radius:8px;border:1px solid #99a;cursor:pointer;background:#fff;color:#1d2330}
button#approve{background:#1f6feb;border-color:#1f6feb;color:#fff}
button:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
@media (prefers-color-scheme:dark){body{background:#11141a;color:#e6e8ee}main{background:#1b1f27}button{background:#1b1f27;color:#e6e8ee}.badge{background:#2a3040;color:#cdd}}
`;

/** Values shown on the consent page. */
export interface ConsentPage {
  providerName: string;
  clientId: string;
  scopes: string[];
  /** Emulated path the form posts to. */
  action: string;
  /** Hidden fields that carry the original authorize request. */
  fields: [string, string][];
  details?: string[];
}

/** Renders the consent page: a form with `#approve` and `#deny` submit buttons. */
export function renderConsentPage(p: ConsentPage): string {
  const hidden = p.fields
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("\n      ");
  const scopes =
    p.scopes.length > 0
      ? `<ul id="scopes">${p.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join("")}</ul>`
      : `<p id="scopes">No specific scopes requested: access to the whole account.</p>`;
  const details = (p.details ?? []).map((d) => `<p class="detail">${escapeHtml(d)}</p>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorize access – ${escapeHtml(p.providerName)} (emulated)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <span class="badge">Emulator</span>
  <h1 id="title">${escapeHtml(p.providerName)}: authorize access</h1>
  <p>The application <code id="client-id">${escapeHtml(p.clientId)}</code> asks for access to your ${escapeHtml(p.providerName)} account.</p>
  ${details}
  <h2 style="font-size:1rem">Requested scopes</h2>
  ${scopes}
  <form id="consent" method="post" action="${escapeHtml(p.action)}">
      ${hidden}
    <div class="actions">
      <button id="deny" type="submit" name="decision" value="deny">Deny</button>
      <button id="approve" type="submit" name="decision" value="allow" autofocus>Allow</button>
    </div>
  </form>
</main>
</body>
</html>
`;
}

/** Renders an authorize error page (shown instead of redirecting to an untrusted URI). */
export function renderErrorPage(providerName: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorization error – ${escapeHtml(providerName)} (emulated)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <span class="badge">Emulator</span>
  <h1>${escapeHtml(providerName)}: authorization error</h1>
  <p id="error" role="alert">${escapeHtml(message)}</p>
</main>
</body>
</html>
`;
}

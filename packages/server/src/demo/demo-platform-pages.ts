// The demo platform's own pages, as a platform shows them: its sign-in (any name, any
// password) and its consent page, which says who gets access to what ("<application> will be
// able to read the accounting data of <company>"), and a page for a sign-in that has expired.
// Every value is escaped; each page carries a strict Content-Security-Policy of its own (the
// app's page headers do not reach these raw responses).
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#eef2ef;color:#1b1f24;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{width:min(400px,100% - 32px);padding:28px;border-radius:12px;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.brand{margin:0 0 16px;color:#2f6b3a;font-weight:700;letter-spacing:.02em}
h1{margin:0 0 12px;font-size:20px}
p{margin:0 0 12px}
label{display:block;margin:12px 0 4px;font-weight:600}
input{width:100%;min-height:40px;padding:8px;border:1px solid #8b95a3;border-radius:6px;font:inherit}
.buttons{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;align-items:center;margin-top:20px}
button,a.button{display:inline-flex;align-items:center;min-height:40px;padding:8px 16px;border:1px solid #8b95a3;border-radius:6px;background:#fff;color:#1b1f24;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.primary{border-color:#2f6b3a;background:#2f6b3a;color:#fff}
:focus-visible{outline:3px solid #2f6b3a;outline-offset:2px}
.muted{color:#4a5462;font-size:13px}
`;

/** Writes a complete page with its own CSP (a fresh nonce for its style); no script runs on it. */
function sendPage(res: ServerResponse, statusCode: number, title: string, body: string): void {
  const nonce = randomBytes(16).toString("base64");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
<main>
<p class="brand">Demo Platform</p>
${body}
</main>
</body>
</html>`;
  res.writeHead(statusCode, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  });
  res.end(html);
}

export interface SignInPage {
  /** Where the form posts (the interaction's own path) and where Cancel leads. */
  submitPath: string;
  abortPath: string;
  applicationName: string;
  /** What the person typed last time, when the form is shown again. */
  login?: string;
}

export function sendSignInPage(res: ServerResponse, page: SignInPage): void {
  sendPage(
    res,
    200,
    "Sign in to Demo Platform",
    `<h1>Sign in</h1>
<p>To connect your books to <strong>${escapeHtml(page.applicationName)}</strong>. This is a demo: any name and password work.</p>
<form method="post" action="${escapeHtml(page.submitPath)}" autocomplete="off">
<input type="hidden" name="prompt" value="login">
<label for="login">Name</label>
<input id="login" name="login" required maxlength="128" value="${escapeHtml(page.login ?? "")}" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<div class="buttons"><a class="button" href="${escapeHtml(page.abortPath)}">Cancel</a><button type="submit" class="primary">Sign in</button></div>
</form>`,
  );
}

export interface ConsentPage {
  submitPath: string;
  abortPath: string;
  /** Who gets access: the client's application. */
  applicationName: string;
  /** Whose data: the signed-in account's company at the platform. */
  companyName: string;
  account: string;
}

export function sendConsentPage(res: ServerResponse, page: ConsentPage): void {
  sendPage(
    res,
    200,
    `Allow ${page.applicationName} to read your books?`,
    `<h1>Allow access?</h1>
<p><strong>${escapeHtml(page.applicationName)}</strong> will be able to read the accounting data of <strong>${escapeHtml(page.companyName)}</strong>.</p>
<p class="muted">Signed in as ${escapeHtml(page.account)}. It can read, not change, your books; you can take access back at any time.</p>
<form method="post" action="${escapeHtml(page.submitPath)}">
<input type="hidden" name="prompt" value="consent">
<div class="buttons"><a class="button" href="${escapeHtml(page.abortPath)}">Cancel</a><button type="submit" class="primary" autofocus>Allow access</button></div>
</form>`,
  );
}

/** A sign-in that cannot continue (expired, finished in another tab, an unknown page). */
export function sendInteractionErrorPage(res: ServerResponse, statusCode: number): void {
  sendPage(
    res,
    statusCode,
    "This sign-in has expired",
    `<h1>This sign-in has expired</h1>
<p>It was finished or canceled in another tab, or it took too long.</p>
<p>Go back to the application and choose Connect or Reconnect again.</p>`,
  );
}

// The server's own small HTML pages (the hosted authorization page and the demo): every
// interpolated value is escaped, and each answer carries a strict Content-Security-Policy
// whose nonce is fresh per response.
import { randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface PageParts {
  title: string;
  /** Trusted markup: build it with `escapeHtml` around every value. */
  body: string;
  /** Page CSS (trusted). */
  css?: string;
  /** A module script body (trusted), run under the page's nonce. */
  script?: string;
  /** CSP sources added to the defaults, e.g. `{ "connect-src": "'self'" }`. */
  csp?: Record<string, string>;
}

/** Sends a complete HTML page with its CSP; the page may not be framed by anyone. */
export function sendPage(reply: FastifyReply, parts: PageParts, statusCode = 200): FastifyReply {
  const nonce = randomBytes(16).toString("base64");
  const directives: Record<string, string> = {
    "default-src": "'none'",
    "style-src": `'nonce-${nonce}'`,
    "script-src": `'nonce-${nonce}'`,
    "img-src": "'self' data:",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
  };
  for (const [name, sources] of Object.entries(parts.csp ?? {})) {
    const current = directives[name];
    directives[name] = current && current !== "'none'" ? `${current} ${sources}` : sources;
  }
  const csp = Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join("; ");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
${parts.css ? `<style nonce="${nonce}">${parts.css}</style>` : ""}
</head>
<body>
${parts.body}
${parts.script ? `<script type="module" nonce="${nonce}">${parts.script}</script>` : ""}
</body>
</html>`;
  return reply
    .code(statusCode)
    .header("content-type", "text/html; charset=utf-8")
    .header("content-security-policy", csp)
    .header("x-frame-options", "DENY")
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-store")
    .send(html);
}

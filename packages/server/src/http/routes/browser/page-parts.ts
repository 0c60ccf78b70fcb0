// What the company link page and the authorization pages share, in the Connections UI's voice:
// the card style, notices (success, error, info: each its colour AND its icon, never colour
// alone), the status labels, the data a source type holds, and the way back to the client's
// own application (its redirect URL, `npm run admin -- set-redirect-url`).
import type { Kysely } from "kysely";
import { fillRedirectUrl } from "../../../services/clients.js";
import { getClient } from "../../../storage/repositories/clients.js";
import type { ConnectionStatus } from "../../../storage/repositories/connections.js";
import type { Database } from "../../../storage/schema.js";
import { escapeHtml } from "./html.js";

export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f3f5f8;color:#1b1f24;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{width:min(440px,100% - 32px);padding:28px;border-radius:12px;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{margin:0 0 12px;font-size:20px}
p{margin:0 0 12px}
.buttons{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;margin-top:20px}
button,a.button{display:inline-flex;align-items:center;min-height:40px;padding:8px 16px;border:1px solid #8b95a3;border-radius:6px;background:#fff;color:#1b1f24;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.primary,a.button.primary{border-color:#1849c6;background:#1849c6;color:#fff}
:focus-visible{outline:3px solid #1849c6;outline-offset:2px}
.muted{color:#4a5462;font-size:13px}
.notice{display:flex;align-items:flex-start;gap:8px;margin:0 0 16px;padding:10px 12px;border:1px solid #b5c7f2;border-radius:6px;background:#e8effd;color:#16337f}
.notice[data-kind=success]{border-color:#a8d5b5;background:#e6f4ea;color:#0a5c29}
.notice[data-kind=error]{border-color:#f1b5b0;background:#fdeceb;color:#8a180f}
.notice-icon{flex:none;display:grid;place-items:center;width:20px;height:20px;margin-top:1px;border-radius:50%;background:#1849c6;color:#fff;font-size:12px;font-weight:700;line-height:1}
.notice[data-kind=success] .notice-icon{background:#137333}
.notice[data-kind=error] .notice-icon{background:#b42318}
.notice strong{display:block}
.notice h1{margin:0;font-size:17px}
.notice p{margin:4px 0 0}
[hidden]{display:none!important}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

export type NoticeKind = "success" | "error" | "info";

const NOTICE_ICONS: Record<NoticeKind, string> = { success: "✓", error: "!", info: "i" };
/** Read before the text by screen readers, which do not see the icon's colour. */
const NOTICE_WORDS: Record<NoticeKind, string> = { success: "Done:", error: "Problem:", info: "Note:" };

/**
 * A notice: `headline` (plain text, escaped) and, below it, `detailHtml` (trusted markup: build
 * it with escapeHtml). Errors are announced at once (role alert); the others politely. With
 * `heading`, the headline is the page's `<h1>` (a page that is its outcome).
 */
export function notice(kind: NoticeKind, headline: string, detailHtml = "", options: { heading?: boolean } = {}): string {
  const title = options.heading ? `<h1>${escapeHtml(headline)}</h1>` : `<strong>${escapeHtml(headline)}</strong>`;
  return `<div class="notice" data-kind="${kind}" role="${kind === "error" ? "alert" : "status"}"><span class="notice-icon" aria-hidden="true">${NOTICE_ICONS[kind]}</span><div><span class="visually-hidden">${NOTICE_WORDS[kind]} </span>${title}${detailHtml}</div></div>`;
}

/** The Connections UI's labels, word for word. */
export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  Linked: "Connected",
  Unlinked: "Disconnected",
  Deauthorized: "Access expired",
  PendingAuth: "Waiting for approval",
};

/** What a consent lets the application read, by the platform's source type. */
export function dataOf(sourceType: string): string {
  switch (sourceType) {
    case "Accounting":
      return "accounting data";
    case "Banking":
      return "bank accounts and transactions";
    case "Commerce":
      return "commerce data";
    default:
      return "data";
  }
}

/** Who asks for access, and where its user goes back to once done. */
export interface ClientApplication {
  name: string;
  /** The client's redirect URL with the company filled in, or undefined when it has none. */
  returnUrl: string | undefined;
}

/** The client's name and way back for one of its companies (undefined when the client is gone). */
export async function clientApplication(db: Kysely<Database>, clientId: string, companyId: string): Promise<ClientApplication | undefined> {
  const client = await getClient(db, clientId);
  if (!client) return undefined;
  return { name: client.name, returnUrl: client.redirectUrl === null ? undefined : fillRedirectUrl(client.redirectUrl, companyId) };
}

/** "Return to <application>", when the client has a redirect URL. */
export function returnLink(application: ClientApplication | undefined, primary = true): string {
  if (!application?.returnUrl) return "";
  return `<a class="button${primary ? " primary" : ""}" href="${escapeHtml(application.returnUrl)}">Return to ${escapeHtml(application.name)}</a>`;
}

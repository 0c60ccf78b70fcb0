// The company link page behind a company's `redirect`: the company's owner sees the
// connections the company has and picks a platform from the catalogue to connect another.
// Choosing posts the form back to the same URL (see company-link.ts). Styled like the
// authorisation page it leads to; every value is escaped.
import type { FastifyReply } from "fastify";
import { logoPath, type CatalogueEntry, type CatalogueSourceType } from "../../../catalogue/integrations.js";
import type { ConnectionRecord, ConnectionStatus } from "../../../storage/repositories/connections.js";
import { PAGE_CSS } from "./authorize-page.js";
import { escapeHtml, sendPage } from "./html.js";

const LINK_CSS = `${PAGE_CSS}
main{width:min(520px,100% - 32px);margin:24px 0}
h2{margin:20px 0 8px;font-size:15px;color:#4a5462}
ul{margin:0;padding:0;list-style:none;display:grid;gap:8px}
li.connection{display:flex;align-items:center;gap:12px;padding:8px 0}
button.platform{width:100%;display:flex;align-items:center;gap:12px;text-align:left;font-weight:600}
img{width:32px;height:32px;border-radius:7px;flex:none}
.status{margin-left:auto;font-size:13px;font-weight:600}
.status.Linked{color:#15803d}.status.PendingAuth{color:#9a5b00}.status.Unlinked,.status.Deauthorized{color:#b42318}
.beta{margin-left:auto;padding:0 6px;border:1px solid #8b95a3;border-radius:4px;font-size:12px;font-weight:600;color:#4a5462}
`;

const STATUS_LABELS: Record<ConnectionStatus, string> = {
  Linked: "Connected",
  PendingAuth: "Waiting for approval",
  Unlinked: "Disconnected",
  Deauthorized: "Access expired",
};

const SOURCE_TYPES: readonly CatalogueSourceType[] = ["Accounting", "Banking", "Commerce"];

export interface CompanyLinkDetails {
  companyName: string;
  /** The page's own path, which the form posts to. */
  action: string;
  formToken: string;
  /** The company's connections (the first page of them) and how many it has in all. */
  connections: readonly ConnectionRecord[];
  totalConnections: number;
  /** The platforms the client has set up (only those are offered). */
  platforms: readonly CatalogueEntry[];
}

const logo = (key: string) => `<img src="${escapeHtml(logoPath(key))}" alt="">`;

function connectionItem(connection: ConnectionRecord): string {
  return `<li class="connection">${logo(connection.integrationKey)}<span>${escapeHtml(connection.platformName)}</span>
<span class="status ${escapeHtml(connection.status)}">${escapeHtml(STATUS_LABELS[connection.status] ?? connection.status)}</span></li>`;
}

function platformItem(entry: CatalogueEntry): string {
  return `<li><button type="submit" class="platform" name="platformKey" value="${escapeHtml(entry.key)}">${logo(entry.key)}<span>${escapeHtml(entry.name)}</span>${
    entry.isBeta ? `<span class="beta">Beta</span>` : ""
  }</button></li>`;
}

function connectionsSection(details: CompanyLinkDetails): string {
  if (details.totalConnections === 0) return "";
  const more = details.totalConnections - details.connections.length;
  return `<h2>Connections</h2>
<ul>${details.connections.map(connectionItem).join("\n")}</ul>
${more > 0 ? `<p class="muted">and ${more} more</p>` : ""}`;
}

export function sendCompanyLinkPage(reply: FastifyReply, details: CompanyLinkDetails): FastifyReply {
  const groups = SOURCE_TYPES.map((sourceType) => {
    const entries = details.platforms.filter((entry) => entry.sourceType === sourceType);
    return entries.length === 0 ? "" : `<h2>${sourceType}</h2>\n<ul>${entries.map(platformItem).join("\n")}</ul>`;
  }).join("\n");
  return sendPage(reply, {
    title: `Connect ${details.companyName}`,
    css: LINK_CSS,
    // A choice leads (through this server's redirects) to the platform's own consent page,
    // which a browser checks against form-action too.
    csp: { "form-action": "https: http:" },
    body: `<main>
<h1>Connect ${escapeHtml(details.companyName)}'s data</h1>
<p>Choose a platform to share its data with the application. You approve access at the platform itself.</p>
${connectionsSection(details)}
<form method="post" action="${escapeHtml(details.action)}">
<input type="hidden" name="formToken" value="${escapeHtml(details.formToken)}">
${groups}
</form>
</main>`,
  });
}

export interface CompanyLinkMessage {
  title: string;
  text: string;
  /** Where "Back to the platforms" leads (the company's page); omitted when there is none. */
  back?: string;
}

/** A page that says why nothing happened: an invalid link, a stale form, a limit reached. */
export function sendCompanyLinkMessage(reply: FastifyReply, message: CompanyLinkMessage, statusCode: number): FastifyReply {
  return sendPage(
    reply,
    {
      title: message.title,
      css: LINK_CSS,
      body: `<main>
<h1>${escapeHtml(message.title)}</h1>
<p>${escapeHtml(message.text)}</p>
${message.back ? `<p><a href="${escapeHtml(message.back)}">Back to the platforms</a></p>` : ""}
</main>`,
    },
    statusCode,
  );
}

/** For an unknown, malformed or deleted company alike: nothing tells them apart. */
export function sendInvalidCompanyLinkPage(reply: FastifyReply): FastifyReply {
  return sendCompanyLinkMessage(
    reply,
    { title: "This link is not valid", text: "Go back to the application and open the link to connect your data again." },
    404,
  );
}

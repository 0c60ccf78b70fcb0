// The company link page behind a company's `redirect`: the company's owner sees the
// connections the company has (status in the Connections UI's words, since when, Reconnect where
// access was lost), picks a platform from the catalogue to connect another, and finds the way
// back to the application. Choosing a platform the company already has a connection to asks
// first (sendExistingConnectionsPage). Every form posts back to the same URL (company-link.ts).
// Styled like the authorization pages it leads to; every value is escaped.
import type { FastifyReply } from "fastify";
import { logoPath, type CatalogueEntry, type CatalogueSourceType } from "../../../catalogue/integrations.js";
import type { ConnectionRecord } from "../../../storage/repositories/connections.js";
import { DATES_SCRIPT, timeElement } from "./dates.js";
import { escapeHtml, sendPage } from "./html.js";
import { notice, PAGE_CSS, returnLink, STATUS_LABELS, type ClientApplication } from "./page-parts.js";

const LINK_CSS = `${PAGE_CSS}
main{width:min(520px,100% - 32px);margin:24px 0}
h2{margin:20px 0 8px;font-size:15px;color:#4a5462}
ul{margin:0;padding:0;list-style:none;display:grid;gap:8px}
li.connection{display:flex;align-items:center;gap:12px;padding:8px 0;border-bottom:1px solid #e3e7ed}
li.connection:last-child{border-bottom:0}
.details{flex:1;min-width:0}
.details .title{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 8px}
.details .name{font-weight:600}
.meta{margin:2px 0 0;color:#4a5462;font-size:13px}
.meta.next{color:#8a180f}
time{text-decoration:underline dotted;text-underline-offset:2px;cursor:help}
button.platform{width:100%;display:flex;align-items:center;gap:12px;text-align:left;font-weight:600}
li.connection button{flex:none}
img{width:32px;height:32px;border-radius:7px;flex:none}
.status{font-size:13px;font-weight:600}
.status.Linked{color:#137333}.status.PendingAuth{color:#9a5b00}.status.Unlinked,.status.Deauthorized{color:#b42318}
.beta,.has{margin-left:auto;padding:0 6px;border:1px solid #8b95a3;border-radius:4px;font-size:12px;font-weight:600;color:#4a5462}
.has + .beta{margin-left:0}
footer{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between;margin-top:24px;padding-top:16px;border-top:1px solid #e3e7ed}
footer p{margin:0}
`;

const SOURCE_TYPES: readonly CatalogueSourceType[] = ["Accounting", "Banking", "Commerce"];

/** A notice shown above the page's content. */
export interface PageNotice {
  kind: "success" | "error" | "info";
  headline: string;
  detail?: string;
}

export interface CompanyLinkDetails {
  companyName: string;
  /** The page's own path, which the forms post to. */
  action: string;
  formToken: string;
  /** The company's connections (the first page of them) and how many it has in all. */
  connections: readonly ConnectionRecord[];
  totalConnections: number;
  /** The platforms the client has set up (only those are offered). */
  platforms: readonly CatalogueEntry[];
  application: ClientApplication | undefined;
  now: Date;
  notice?: PageNotice | undefined;
}

const logo = (key: string) => `<img src="${escapeHtml(logoPath(key))}" alt="">`;

/** The newest active error's date: when the platform said access was gone (else the last change). */
function expiredAt(connection: ConnectionRecord): string {
  const active = connection.errors?.filter((error) => error.status === "Active" && error.erroredOnUtc);
  return active?.at(-1)?.erroredOnUtc ?? connection.modified;
}

/** What a row says about its status and since when, and what to do next where there is something to do. */
function statusLines(connection: ConnectionRecord, now: Date): string {
  const line = (text: string, iso: string | null | undefined) => (iso ? `<p class="meta">${escapeHtml(text)} ${timeElement(iso, now)}</p>` : "");
  const synced = connection.lastSync ? line("Last synced", connection.lastSync) : `<p class="meta">Not synced yet</p>`;
  switch (connection.status) {
    case "Linked":
      return line("Connected", connection.modified) + synced;
    case "Unlinked":
      return line("Disconnected", connection.modified) + synced;
    case "Deauthorized":
      return `${line("Access expired", expiredAt(connection))}<p class="meta next">Reconnect to restore access.</p>${synced}`;
    case "PendingAuth":
      return `${line("Started", connection.created)}<p class="meta next">Not approved yet: continue to allow access at ${escapeHtml(connection.platformName)}.</p>`;
  }
}

/** The row's button: Reconnect where access was lost, Continue where approval is still to give. */
function rowAction(connection: ConnectionRecord): string {
  const label = connection.status === "PendingAuth" ? "Continue" : connection.status === "Linked" ? "" : "Reconnect";
  if (!label) return "";
  const nameId = `name-${connection.id}`;
  return `<button type="submit" class="primary" name="reconnect" value="${escapeHtml(connection.id)}" aria-describedby="${nameId}">${label}</button>`;
}

function connectionItem(connection: ConnectionRecord, now: Date): string {
  return `<li class="connection" data-connection-id="${escapeHtml(connection.id)}" data-status="${escapeHtml(connection.status)}">${logo(connection.integrationKey)}
<div class="details"><div class="title"><span class="name" id="name-${escapeHtml(connection.id)}">${escapeHtml(connection.platformName)}</span>
<span class="status ${escapeHtml(connection.status)}">${escapeHtml(STATUS_LABELS[connection.status] ?? connection.status)}</span></div>
${statusLines(connection, now)}</div>
${rowAction(connection)}</li>`;
}

function platformItem(entry: CatalogueEntry, connected: ReadonlySet<string>): string {
  return `<li><button type="submit" class="platform" name="platformKey" value="${escapeHtml(entry.key)}">${logo(entry.key)}<span>${escapeHtml(entry.name)}</span>${
    connected.has(entry.key) ? `<span class="has">Has a connection</span>` : ""
  }${entry.isBeta ? `<span class="beta">Beta</span>` : ""}</button></li>`;
}

function connectionsSection(details: CompanyLinkDetails): string {
  if (details.totalConnections === 0) return "";
  const more = details.totalConnections - details.connections.length;
  return `<h2>Connections</h2>
<ul>${details.connections.map((connection) => connectionItem(connection, details.now)).join("\n")}</ul>
${more > 0 ? `<p class="muted">and ${more} more</p>` : ""}`;
}

function noticeHtml(pageNotice: PageNotice | undefined): string {
  if (!pageNotice) return "";
  return notice(pageNotice.kind, pageNotice.headline, pageNotice.detail ? `<p>${escapeHtml(pageNotice.detail)}</p>` : "");
}

/** The footer: the way back to the application (its redirect URL), or what to do instead. */
function footer(application: ClientApplication | undefined): string {
  const back = returnLink(application, false);
  return `<footer><p class="muted">${back ? "Done connecting?" : "Done connecting? Close this page and return to the application."}</p>${back}</footer>`;
}

/** What the page says when it cannot list anything to do. */
function emptyState(details: CompanyLinkDetails): PageNotice | undefined {
  const who = details.application?.name ?? "the application";
  if (details.platforms.length === 0) {
    return { kind: "info", headline: "No platforms are set up yet", detail: `Ask ${who}'s support to set one up, then open this page again.` };
  }
  if (details.totalConnections === 0) return { kind: "info", headline: "No connections yet", detail: "Choose a platform below to connect it. You approve access at the platform itself." };
  return undefined;
}

const FORM_CSP = { "form-action": "https: http:" };

export function sendCompanyLinkPage(reply: FastifyReply, details: CompanyLinkDetails): FastifyReply {
  const connected = new Set(details.connections.map((connection) => connection.integrationKey));
  const groups = SOURCE_TYPES.map((sourceType) => {
    const entries = details.platforms.filter((entry) => entry.sourceType === sourceType);
    return entries.length === 0 ? "" : `<h2>${sourceType}</h2>\n<ul>${entries.map((entry) => platformItem(entry, connected)).join("\n")}</ul>`;
  }).join("\n");
  const who = details.application ? `<strong>${escapeHtml(details.application.name)}</strong>` : "the application";
  return sendPage(reply, {
    title: `Connect ${details.companyName}`,
    css: LINK_CSS,
    // A choice leads (through this server's redirects) to the platform's own consent page,
    // which a browser checks against form-action too.
    csp: FORM_CSP,
    body: `<main>
<h1>Connect ${escapeHtml(details.companyName)}'s data</h1>
${noticeHtml(details.notice ?? emptyState(details))}
<p>Choose a platform to share its data with ${who}. You approve access at the platform itself.</p>
<form method="post" action="${escapeHtml(details.action)}">
<input type="hidden" name="formToken" value="${escapeHtml(details.formToken)}">
${connectionsSection(details)}
${groups}
</form>
${footer(details.application)}
</main>`,
    script: DATES_SCRIPT,
  });
}

export interface ExistingConnectionsDetails {
  companyName: string;
  platform: CatalogueEntry;
  existing: readonly ConnectionRecord[];
  action: string;
  formToken: string;
  application: ClientApplication | undefined;
  now: Date;
}

/**
 * The company already has a connection to the chosen platform: reconnect it (where access was
 * lost), or connect another account of the platform, which only this explicit choice does.
 */
export function sendExistingConnectionsPage(reply: FastifyReply, details: ExistingConnectionsDetails): FastifyReply {
  const name = escapeHtml(details.platform.name);
  const count = details.existing.length;
  const lostAccess = details.existing.some((connection) => connection.status === "Unlinked" || connection.status === "Deauthorized");
  return sendPage(reply, {
    title: `${details.companyName} already has ${count === 1 ? "a" : count} ${details.platform.name} connection${count === 1 ? "" : "s"}`,
    css: LINK_CSS,
    csp: FORM_CSP,
    body: `<main>
<h1>${escapeHtml(details.companyName)} already has ${count === 1 ? "a" : count} ${name} connection${count === 1 ? "" : "s"}</h1>
${notice(
  "info",
  lostAccess ? "Reconnect it to restore access" : "It is already connected",
  `<p>${lostAccess ? "Reconnecting keeps its history." : "Nothing needs to be done."} Connect another account only to share a different ${name} account as well.</p>`,
)}
<form method="post" action="${escapeHtml(details.action)}">
<input type="hidden" name="formToken" value="${escapeHtml(details.formToken)}">
<ul>${details.existing.map((connection) => connectionItem(connection, details.now)).join("\n")}</ul>
<div class="buttons">
<a class="button" href="${escapeHtml(details.action)}">Back</a>
<button type="submit" name="another" value="${escapeHtml(details.platform.key)}"${lostAccess ? "" : ` class="primary"`}>Connect another ${name} account</button>
</div>
</form>
</main>`,
    script: DATES_SCRIPT,
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
${notice("error", message.title, `<p>${escapeHtml(message.text)}</p>`, { heading: true })}
${message.back ? `<div class="buttons"><a class="button primary" href="${escapeHtml(message.back)}">Back to the platforms</a></div>` : ""}
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

// The connections, grouped as accounting, banking and commerce. Each row says what state the
// connection is in and since when, in words ("Disconnected just now", "Connected on Mar 1"),
// with the full date, time and time zone on hover.
import type { Connection, Logo } from "../api.js";
import { h } from "../dom.js";
import { formatDate } from "../format.js";
import { GROUPS, groupConnections, statusKey } from "../groups.js";
import type { Text, TextKey } from "../text.js";
import { focusKey, type ViewContext } from "./context.js";
import { logo } from "./common.js";
import { emptyView } from "./states.js";

export function listView(
  connections: readonly Connection[],
  logos: ReadonlyMap<string, Logo>,
  changedAt: ReadonlyMap<string, Date>,
  context: ViewContext,
): Node[] {
  const { text } = context;
  const groups = groupConnections(connections);
  if (groups.size === 0) return [emptyView(context)];
  return GROUPS.filter((group) => groups.has(group)).map((group) =>
    h(
      "section",
      { "aria-labelledby": `group-${group}`, "data-group": group },
      h("h2", { id: `group-${group}` }, text(`group.${group}`)),
      h("ul", { class: "connections" }, (groups.get(group) ?? []).map((c) => item(c, logos, changedAt.get(c.id), context))),
    ),
  );
}

/** A line around a date: the template's `{when}` ("2 hours ago") or `{date}` ("Mar 3, 2026")
 * in a `<time>` whose title is the exact moment, with its time zone. */
function dated(text: Text, key: TextKey, value: string | Date | null | undefined): HTMLElement | undefined {
  const date = formatDate(value, text);
  if (!date) return undefined;
  // Split with the placeholder captured: text, name, text, name, text...
  const parts = text(key).split(/\{(when|date)\}/);
  return h(
    "p",
    { class: "meta" },
    parts.map((part, i) => (i % 2 === 0 ? part : h("time", { datetime: date.iso, title: date.full }, part === "when" ? date.when : date.date))),
  );
}

/** The newest active error's date: when the platform said access was gone. */
function expiredAt(connection: Connection): string | undefined {
  const active = connection.dataConnectionErrors?.filter((e) => e.status === "Active" && e.erroredOnUtc);
  return active?.at(-1)?.erroredOnUtc;
}

/** What the row says about its status, and since when when that is known. */
function statusLine(connection: Connection, changed: Date | undefined, text: Text): (HTMLElement | undefined)[] {
  switch (connection.status) {
    case "Linked":
      return [dated(text, "connection.connectedWhen", changed ?? connection.created)];
    case "Deauthorized":
      return [dated(text, "connection.expiredWhen", expiredAt(connection)), h("p", { class: "meta next" }, text("connection.expiredHint"))];
    default:
      // The API does not say when a connection was disconnected: known only when it happened here.
      return [changed ? dated(text, "connection.disconnectedWhen", changed) : dated(text, "connection.firstConnectedWhen", connection.created)];
  }
}

function item(connection: Connection, logos: ReadonlyMap<string, Logo>, changed: Date | undefined, { text, ask }: ViewContext): HTMLElement {
  const nameId = `name-${connection.id}`;
  const action = connection.status === "Linked" ? "disconnect" : "reconnect";
  return h(
    "li",
    { class: "connection", "data-connection-id": connection.id, "data-status": connection.status },
    logo(connection, connection.integrationKey ? logos.get(connection.integrationKey) : undefined),
    h(
      "div",
      { class: "details" },
      h(
        "div",
        { class: "title" },
        h("h3", { id: nameId }, connection.platformName),
        h("span", { class: "status", "data-status": connection.status }, text(statusKey(connection.status))),
      ),
      statusLine(connection, changed, text),
      dated(text, "connection.lastSyncWhen", connection.lastSync) ?? h("p", { class: "meta" }, text("connection.neverSynced")),
    ),
    h(
      "button",
      {
        type: "button",
        class: action === "disconnect" ? undefined : "primary",
        "aria-describedby": nameId,
        "data-action": action,
        "data-focus": focusKey.action(connection.id),
        onClick: () => ask(action, connection.id),
      },
      text(action === "disconnect" ? "connection.disconnect" : "connection.reconnect"),
    ),
  );
}

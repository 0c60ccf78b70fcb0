// The connections, grouped as accounting, banking and commerce.
import type { Connection, Logo } from "../api.js";
import { h } from "../dom.js";
import { formatDate } from "../format.js";
import { GROUPS, groupConnections, statusKey } from "../groups.js";
import { focusKey, type ViewContext } from "./context.js";
import { logo } from "./common.js";

export function listView(connections: readonly Connection[], logos: ReadonlyMap<string, Logo>, context: ViewContext): Node[] {
  const { text } = context;
  const groups = groupConnections(connections);
  if (groups.size === 0) return [h("div", { class: "state" }, h("p", {}, text("main.empty")))];
  return GROUPS.filter((group) => groups.has(group)).map((group) =>
    h(
      "section",
      { "aria-labelledby": `group-${group}`, "data-group": group },
      h("h2", { id: `group-${group}` }, text(`group.${group}`)),
      h("ul", { class: "connections" }, (groups.get(group) ?? []).map((c) => item(c, logos, context))),
    ),
  );
}

function item(connection: Connection, logos: ReadonlyMap<string, Logo>, { text, ask }: ViewContext): HTMLElement {
  const nameId = `name-${connection.id}`;
  const created = formatDate(connection.created);
  const lastSync = formatDate(connection.lastSync, true);
  const action = connection.status === "Linked" ? "disconnect" : "reconnect";
  return h(
    "li",
    { class: "connection", "data-connection-id": connection.id, "data-status": connection.status },
    logo(connection, connection.integrationKey ? logos.get(connection.integrationKey) : undefined),
    h(
      "div",
      { class: "details" },
      h("h3", { id: nameId }, connection.platformName),
      h("span", { class: "status", "data-status": connection.status }, text(statusKey(connection.status))),
      created && h("p", { class: "meta" }, `${text("connection.created")} `, h("time", { datetime: created.iso }, created.text)),
      h(
        "p",
        { class: "meta" },
        lastSync
          ? [`${text("connection.lastSync")} `, h("time", { datetime: lastSync.iso }, lastSync.text)]
          : text("connection.neverSynced"),
      ),
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

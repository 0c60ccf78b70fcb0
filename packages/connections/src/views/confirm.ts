// The question asked before disconnecting or reconnecting, listing the data types the
// host configured for the connection's group. Escape cancels it (the component handles the key).
import type { Connection, Logo } from "../api.js";
import { h } from "../dom.js";
import { groupOf } from "../groups.js";
import { inlineMarkdown } from "../markdown.js";
import type { Action } from "../state.js";
import { focusKey, type ViewContext } from "./context.js";
import { logo } from "./common.js";

export function confirmView(
  action: Action,
  connection: Connection,
  image: Logo | undefined,
  busy: boolean,
  { text, confirm, cancel }: ViewContext,
): Node {
  const name = { name: connection.platformName };
  const group = groupOf(connection);
  const dataTypes = group ? text.dataTypes(group) : [];
  return h(
    "section",
    { class: "confirm", "aria-labelledby": focusKey.confirmTitle, "data-action": action, "aria-busy": busy ? "true" : "false" },
    logo(connection, image),
    h("h2", { id: focusKey.confirmTitle, tabindex: "-1", "data-focus": focusKey.confirmTitle }, text(`${action}.title`, name)),
    h("p", {}, text(`${action}.body`, name)),
    dataTypes.length > 0 && [
      h("p", {}, text(`${action}.dataTypes`)),
      h("ul", { class: "data-types" }, dataTypes.map((item) => h("li", {}, inlineMarkdown(item)))),
    ],
    h(
      "div",
      { class: "buttons" },
      h("button", { type: "button", disabled: busy, "data-focus": focusKey.cancel, onClick: cancel }, text("common.cancel")),
      h(
        "button",
        { type: "button", class: action === "disconnect" ? "danger" : "primary", disabled: busy, "data-confirm": action, onClick: confirm },
        busy ? text("common.working") : text(`${action}.confirm`),
      ),
    ),
  );
}

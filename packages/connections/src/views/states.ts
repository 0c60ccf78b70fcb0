// Loading, failure and "waiting for the authorisation window" screens.
import { h } from "../dom.js";
import type { ConnectionsError } from "../types.js";
import { focusKey, type ViewContext } from "./context.js";
import { spinner } from "./common.js";

export function loadingView({ text }: ViewContext): Node {
  return h("div", { class: "state", role: "status" }, spinner(), h("p", {}, text("main.loading")));
}

export function failedView(error: ConnectionsError, { text, retry }: ViewContext): Node {
  return h(
    "div",
    { class: "state", role: "alert", "data-user-recoverable": String(error.userRecoverable) },
    h("p", {}, error.message ?? text("error.generic")),
    error.userRecoverable
      ? h("button", { type: "button", class: "primary", "data-focus": focusKey.retry, onClick: retry }, text("main.retry"))
      : h("p", {}, text("main.unrecoverable")),
  );
}

export function authorizingView(platformName: string, linkUrl: string, popupBlocked: boolean, { text, cancel }: ViewContext): Node {
  return h(
    "div",
    { class: "state", "data-authorizing": "" },
    spinner(),
    h("p", { role: "status" }, popupBlocked ? text("reconnect.popupBlocked") : text("reconnect.waiting", { name: platformName })),
    popupBlocked && h("a", { class: "button", href: linkUrl, target: "_blank", rel: "noopener noreferrer" }, text("reconnect.openLink")),
    h("button", { type: "button", "data-focus": focusKey.cancel, onClick: cancel }, text("common.cancel")),
  );
}

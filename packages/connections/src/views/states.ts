// Loading, empty, failure and "waiting for the authorization window" screens. Each says what
// is happening and what to do next.
import { h } from "../dom.js";
import { failureCopy, type Failure } from "../errors.js";
import { focusKey, type ViewContext } from "./context.js";
import { spinner } from "./common.js";

export function loadingView({ text }: ViewContext): Node {
  return h("div", { class: "state", role: "status" }, spinner(), h("p", {}, text("main.loading")), h("p", { class: "hint" }, text("main.loadingHint")));
}

export function emptyView({ text, linkPage, retry }: ViewContext): Node {
  return h(
    "div",
    { class: "state", "data-empty": "" },
    h("p", { class: "headline" }, text("main.empty")),
    h("p", { class: "hint" }, text("main.emptyHint")),
    h(
      "div",
      { class: "buttons" },
      h("button", { type: "button", "data-focus": focusKey.retry, onClick: retry }, text("main.refresh")),
      linkPage && h("a", { class: "button primary", href: linkPage, target: "_blank", rel: "noopener noreferrer" }, text("main.connect")),
    ),
  );
}

export function failedView(failure: Failure, { text, retry, close }: ViewContext): Node {
  const [headline, hint] = failureCopy(failure);
  const recoverable = failure.reported.userRecoverable;
  return h(
    "div",
    { class: "state", role: "alert", "data-failure": failure.kind, "data-user-recoverable": String(recoverable) },
    h("span", { class: "state-icon", "aria-hidden": "true" }, "!"),
    h("p", { class: "headline" }, text(headline)),
    h("p", { class: "hint" }, text(hint)),
    recoverable
      ? h("button", { type: "button", class: "primary", "data-focus": focusKey.retry, onClick: retry }, text("main.retry"))
      : h("button", { type: "button", "data-focus": focusKey.close, onClick: close }, text("main.close")),
  );
}

export function authorizingView(platformName: string, linkUrl: string, popupBlocked: boolean, { text, cancel }: ViewContext): Node {
  const name = { name: platformName };
  // A blocked window means nothing is happening yet: no spinner, the link is the next step.
  return h(
    "div",
    { class: "state", "data-authorizing": "", "data-popup-blocked": String(popupBlocked) },
    !popupBlocked && spinner(),
    h("p", { role: "status", class: popupBlocked ? "headline" : undefined }, popupBlocked ? text("reconnect.popupBlocked") : text("reconnect.waiting", name)),
    popupBlocked && h("p", { class: "hint" }, text("reconnect.popupBlockedHint", name)),
    h(
      "div",
      { class: "buttons" },
      h("button", { type: "button", "data-focus": focusKey.cancel, onClick: cancel }, text("common.cancel")),
      popupBlocked && h("a", { class: "button primary", href: linkUrl, target: "_blank", rel: "noopener noreferrer" }, text("reconnect.openLink")),
    ),
  );
}

// The outcome of an action, in the live region: success, error or info, each with its own
// color (styles.ts) and its own icon, so the kind never rests on color alone.
import { h } from "../dom.js";
import type { Notice, NoticeKind } from "../state.js";

const ICONS: Record<NoticeKind, string> = { success: "✓", error: "!", info: "i" };

export function noticeContent({ kind, message }: Notice): Node[] {
  return [h("span", { class: "notice-icon", "aria-hidden": "true" }, ICONS[kind]), h("span", {}, message)];
}

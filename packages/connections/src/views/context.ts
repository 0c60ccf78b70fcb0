// What every view gets: the copy and the user's intents, wired by the component.
import type { Action } from "../state.js";
import type { Text } from "../text.js";

export interface ViewContext {
  text: Text;
  /** The company's link page, where its owner connects a platform (the empty list's next step). */
  linkPage: string | undefined;
  ask(action: Action, connectionId: string): void;
  confirm(): void;
  cancel(): void;
  retry(): void;
  /** The host's `onClose`. */
  close(): void;
}

/** `data-focus` names let the component put focus back on "the same" element after a
 * re-render, since each render builds new nodes. */
export const focusKey = {
  action: (connectionId: string) => `action:${connectionId}`,
  confirmTitle: "confirm-title",
  retry: "retry",
  close: "close",
  cancel: "cancel",
};

// Everything the views render from. The component replaces this object on every change
// and re-renders; there is no other UI state.
import type { Connection, Logo } from "./api.js";
import type { Failure } from "./errors.js";

export type Action = "disconnect" | "reconnect";

/** Three kinds, each with its own color and icon. */
export type NoticeKind = "success" | "error" | "info";

export interface Notice {
  kind: NoticeKind;
  message: string;
}

export type Screen =
  | { kind: "loading" }
  | { kind: "failed"; failure: Failure }
  | { kind: "list" }
  | { kind: "confirm"; action: Action; connectionId: string; busy: boolean }
  | { kind: "authorizing"; connectionId: string; linkUrl: string; popupBlocked: boolean };

export interface State {
  screen: Screen;
  connections: readonly Connection[];
  logos: ReadonlyMap<string, Logo>;
  /** When this component saw a connection change status (the API does not say when a
   * connection was disconnected), by connection id. */
  changedAt: ReadonlyMap<string, Date>;
  /** The outcome of the last action, announced through the live region. */
  notice?: Notice;
}

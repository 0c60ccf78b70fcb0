// Everything the views render from. The component replaces this object on every change
// and re-renders; there is no other UI state.
import type { Connection, Logo } from "./api.js";
import type { ConnectionsError } from "./types.js";

export type Action = "disconnect" | "reconnect";

export interface Notice {
  kind: "info" | "error";
  message: string;
}

export type Screen =
  | { kind: "loading" }
  | { kind: "failed"; error: ConnectionsError }
  | { kind: "list" }
  | { kind: "confirm"; action: Action; connectionId: string; busy: boolean }
  | { kind: "authorizing"; connectionId: string; linkUrl: string; popupBlocked: boolean };

export interface State {
  screen: Screen;
  connections: readonly Connection[];
  logos: ReadonlyMap<string, Logo>;
  /** The outcome of the last action, announced through the live region. */
  notice?: Notice;
}

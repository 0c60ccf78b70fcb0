// The public surface of the component: the documented props and their callbacks, under the
// names Codat's Connections SDK (`@codat/sdk-connections`) gives them, so a host written
// against Codat's types compiles against these. The earlier names stay as aliases.
import type { TextOverrides } from "./text.js";

export type { TextOverrides } from "./text.js";

/** What `onError` receives. `userRecoverable: false` means retrying cannot help (an expired
 * or invalid access token, a page whose origin the client has not allowed): the host should
 * close the component, and open it again with a fresh token once the cause is fixed. */
export interface ErrorCallbackArgs {
  correlationId?: string;
  message?: string;
  /** The HTTP status code of the failed call, when there was a response. */
  errorCode?: number;
  userRecoverable: boolean;
}

/** What `onDisconnect` and `onReconnect` receive. */
export interface ConnectionCallbackArgs {
  connectionId: string;
}

export type DisconnectCallbackArgs = ConnectionCallbackArgs;
export type ReconnectCallbackArgs = ConnectionCallbackArgs;

/** Overrides of the component's copy (keys in text.ts); `<sourceType>.connectionDetails.dataTypes`
 * lists the data types (inline Markdown) shown before disconnecting or reconnecting. */
export type CodatTextOptions = TextOverrides;

export interface CodatConnectionsOptions {
  text?: CodatTextOptions;
  /** A CSP nonce put on every `<style>` element the component injects. */
  nonce?: string;
}

export interface CodatConnectionsProps {
  /** The company's access token, issued to the host's back end with its API key. */
  accessToken: string;
  onClose?: () => void;
  onError?: (args: ErrorCallbackArgs) => void;
  onDisconnect?: (args: DisconnectCallbackArgs) => void;
  onReconnect?: (args: ReconnectCallbackArgs) => void;
  options?: CodatConnectionsOptions;
}

export interface CodatConnectionsInit {
  target: HTMLElement;
  props: CodatConnectionsProps;
}

/** The earlier name of `ErrorCallbackArgs`. */
export type ConnectionsError = ErrorCallbackArgs;
/** The earlier name of `CodatConnectionsOptions`. */
export type ConnectionsOptions = CodatConnectionsOptions;

// The public surface of the component: exactly the documented props and their callbacks.
import type { TextOverrides } from "./text.js";

export type { TextOverrides } from "./text.js";

/** What `onError` receives. `userRecoverable: false` means retrying cannot help (for
 * example an expired or invalid access token): the host should close the component and
 * open it again with a fresh token. */
export interface ConnectionsError {
  correlationId?: string;
  message?: string;
  /** The HTTP status code of the failed call, when there was a response. */
  errorCode?: number;
  userRecoverable: boolean;
}

export interface ConnectionCallbackArgs {
  connectionId: string;
}

export interface ConnectionsOptions {
  /** Overrides the component's copy; `<sourceType>.connectionDetails.dataTypes` lists the
   * data types (Markdown allowed) shown before disconnecting or reconnecting. */
  text?: TextOverrides;
  /** A CSP nonce put on every `<style>` element the component injects. */
  nonce?: string;
}

export interface CodatConnectionsProps {
  /** The company's access token, issued to the host's back end with its API key. */
  accessToken: string;
  onClose?: () => void;
  onError?: (error: ConnectionsError) => void;
  onDisconnect?: (args: ConnectionCallbackArgs) => void;
  onReconnect?: (args: ConnectionCallbackArgs) => void;
  options?: ConnectionsOptions;
}

export interface CodatConnectionsInit {
  target: HTMLElement;
  props: CodatConnectionsProps;
}

// @codat/connections: the embeddable Connections UI.
//   import { CodatConnections } from "<server>/connections-sdk.js";
//   const ui = new CodatConnections({ target, props: { accessToken, onClose, ... } });
//   ui.destroy();
// or, as with Codat's own SDK, `initCodatConnections(target, props)`.
export { CodatConnections } from "./component.js";
export { initCodatConnections } from "./init.js";
export type {
  CodatConnectionsInit,
  CodatConnectionsOptions,
  CodatConnectionsProps,
  CodatTextOptions,
  ConnectionCallbackArgs,
  ConnectionsError,
  ConnectionsOptions,
  DisconnectCallbackArgs,
  ErrorCallbackArgs,
  ReconnectCallbackArgs,
  TextOverrides,
} from "./types.js";

// @codat/connections: the embeddable Connections UI.
//   import { CodatConnections } from "<server>/connections-sdk.js";
//   const ui = new CodatConnections({ target, props: { accessToken, onClose, ... } });
//   ui.destroy();
export { CodatConnections } from "./component.js";
export type {
  CodatConnectionsInit,
  CodatConnectionsProps,
  ConnectionCallbackArgs,
  ConnectionsError,
  ConnectionsOptions,
  TextOverrides,
} from "./types.js";

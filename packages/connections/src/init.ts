// Codat's helper, `initCodatConnections(target, props)`, as its Connections SDK names it:
// what a React, Vue or Angular wrapper calls once its element is in the document.
import { CodatConnections } from "./component.js";
import type { CodatConnectionsProps } from "./types.js";

/** Mounts the component in `target` and returns it (call `destroy()` to remove it). */
export function initCodatConnections(target: HTMLElement, props: CodatConnectionsProps): CodatConnections {
  return new CodatConnections({ target, props });
}

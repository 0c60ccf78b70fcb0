// The official clients' path for the request objects: `@codat/platform/sdk/models/operations`
// (4.x and 6.x) and `@codat/platform/models/operations` (newer generations).
export * from "../../models/requests.js";
export { CreateConnectionRequestBody } from "../../models/connections.js";

// The official clients' path for the error classes: `@codat/platform/sdk/models/errors` (4.x
// and 6.x) and `@codat/platform/models/errors` (newer generations).
export * from "../../errors/index.js";
export { ErrorMessageData } from "../../models/errors.js";

// The reference SDK's import path `@codat/platform/sdk/models/errors`.
export * from "../../errors/index.js";
export { ErrorMessageData } from "../../models/errors.js";

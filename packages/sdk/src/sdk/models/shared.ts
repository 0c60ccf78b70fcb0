// The reference SDK's import path `@codat/platform/sdk/models/shared`: the wire shapes.
export * from "../../models/companies.js";
export * from "../../models/connections.js";
export { ErrorValidation, ErrorValidationItem } from "../../models/errors.js";
export * from "../../models/integrations.js";
export { HalRef, Links, PagingInfo } from "../../models/paging.js";
export * from "../../models/platforms.js";
export * from "../../models/settings.js";
export * from "../../models/tokens.js";
export * from "../../models/webhooks.js";

// The official clients' path for the wire shapes: `@codat/platform/sdk/models/shared` (4.x and
// 6.x) and `@codat/platform/models/components` (newer generations). Objects are the models'
// valibot schemas and types; enumerations are the clients' enum objects.
export * from "../../models/companies.js";
export * from "../../models/connections.js";
export { ErrorValidation, ErrorValidationItem } from "../../models/errors.js";
export * from "../../models/integrations.js";
export { HalRef, Links, PagingInfo, type PageLinks } from "../../models/paging.js";
export * from "../../models/platforms.js";
export * from "../../models/settings.js";
export * from "../../models/tokens.js";
export * from "../../models/webhooks.js";
// Named exports win over the star exports above: `SourceType`, `FeatureState` are enum objects here.
export { DataConnectionStatus, FeatureState, SourceType } from "./enums.js";

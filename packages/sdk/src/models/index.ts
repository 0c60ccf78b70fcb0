// Every wire shape of the API as a valibot schema and, under the same name, its TypeScript
// type; plus the error classes, so that `models.ErrorMessage` / `models.SDKError` are what the
// client throws (their plain body type is `ErrorMessageData`).
export * from "./companies.js";
export * from "./connections.js";
export * from "./errors.js";
export * from "./integrations.js";
export { HalRef, Links, PagingInfo, type PageLinks } from "./paging.js";
export * from "./platforms.js";
export * from "./requests.js";
export * from "./settings.js";
export * from "./tokens.js";
export * from "./webhooks.js";
export { DateTime, Url, Uuid } from "./wire.js";
export * from "../errors/index.js";

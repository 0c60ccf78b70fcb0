export * from "./errors/index.js";
export type * from "./models/index.js";

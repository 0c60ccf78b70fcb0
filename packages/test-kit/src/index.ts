// @codat/test-kit: the test infrastructure of every suite and benchmark of the repository, in
// one place (README.md lists it). This index is the server-side kit; each module also has its
// own path (`@codat/test-kit/ports`, `/server-process`, `/contract`, ...) for callers that
// should not load the rest: importing this index loads the server's source (./server.ts).
// Chromium (`@codat/test-kit/browser`) and the Connections UI's pages and fixtures
// (`@codat/test-kit/connections`) are only under their own paths.
export * from "./api.js";
export * from "./auth.js";
export * from "./contract.js";
export * from "./database.js";
export * from "./dialects.js";
export * from "./ports.js";
export * from "./postgres.js";
export * from "./receiver.js";
export * from "./redis.js";
export * from "./server.js";
export * from "./server-process.js";
export * from "./skips.js";

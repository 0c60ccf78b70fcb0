// The Connections UI's test kit (`@codat/test-kit/connections`): a host page that embeds the
// component under a strict CSP, a driver for it in a browser, the data it shows, and the /demo
// server. Chromium itself is `@codat/test-kit/browser`.
export * from "./component-page.js";
export * from "./demo.js";
export * from "./fixtures.js";
export * from "./host-page.js";

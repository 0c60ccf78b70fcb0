// Preloaded (node --require) into an OFFICIAL client's run of a documentation example, and only
// there: the official clients do not read CODAT_SERVER_URL, so their calls to the production
// server are sent to the test server instead. This package's runs never load it.
"use strict";
const PRODUCTION = "https://api.codat.io";
const target = process.env.CODAT_SERVER_URL;
const originalFetch = globalThis.fetch;

globalThis.fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (!target || !url.startsWith(PRODUCTION)) return originalFetch(input, init);
  const moved = target + url.slice(PRODUCTION.length);
  return originalFetch(input instanceof Request ? new Request(moved, input) : moved, init);
};

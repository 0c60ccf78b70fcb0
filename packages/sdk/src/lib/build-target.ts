// Which build this code is in. The package's browser build (`dist/esm/bundle.browser.js`, what
// bundlers pick for the browser through the `browser` condition of package.json `imports`) is
// made from the same sources with `build-target.browser.ts` in place of this module, and
// the branches behind `BROWSER_BUILD` are dropped from it: code that only pays off in Node
// (the validation fast path, worth microseconds per call on a back end making thousands; the
// details of Node's system errors; the User-Agent header, which browsers set themselves).
// Behaviour is the same: each branch's alternative gives the same result in a browser.

/** True only in the browser build. */
export const BROWSER_BUILD: boolean = false;

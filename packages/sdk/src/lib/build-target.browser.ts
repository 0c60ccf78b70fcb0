// The browser build's `build-target.ts` (see there): swapped in by scripts/build.mjs.

/** True only in the browser build. */
export const BROWSER_BUILD: boolean = true;

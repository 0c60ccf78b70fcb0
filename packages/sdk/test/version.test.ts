// The version the SDK announces in its User-Agent is the package's own: a release that bumps
// package.json without the constant fails here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { SDK_VERSION } from "../src/lib/options.js";

test("SDK_VERSION is package.json's version", () => {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  assert.equal(SDK_VERSION, version);
});

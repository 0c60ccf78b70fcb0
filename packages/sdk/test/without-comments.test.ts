// The bundles ship without the sources' comments (scripts/without-comments.mjs): each comment is
// blanked in place, so positions and the source map stay true, and the map carries the original
// text. Bundlers' annotations stay.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, test } from "node:test";
// @ts-expect-error: a build script in plain JavaScript, without type declarations
import { blankComments } from "../scripts/without-comments.mjs";
import { sdkDir, skipUnlessBuilt } from "./helpers/built.js";

const blank = blankComments as (text: string) => string;

describe("blankComments", () => {
  const source = [
    "/** A doc comment. */",
    "export const Model = /* @__PURE__ */ wire({",
    "  /** The id. */",
    '  id: v.string(), // trailing',
    '  url: "http://example.com/*not a comment*/",',
    "});",
    "const slashes = /\\/\\*+/g; // a regular expression, then a comment",
    "const text = `// ${'/*'} kept`;",
    "/* @__NO_SIDE_EFFECTS__ */",
    "export function f() {",
    "  return 1; /* gone */",
    "}",
    "// the end",
    "",
  ].join("\n");
  const out = blank(source);

  test("keeps every position: the same length, the line breaks where they were", () => {
    assert.equal(out.length, source.length);
    assert.deepEqual([...out.matchAll(/\n/g)].map((m) => m.index), [...source.matchAll(/\n/g)].map((m) => m.index));
  });

  test("blanks comments, and only comments", () => {
    for (const gone of ["A doc comment", "The id.", "trailing", "a regular expression, then", "gone", "the end"]) {
      assert.ok(!out.includes(gone), `"${gone}" is blanked`);
    }
    for (const kept of ['"http://example.com/*not a comment*/"', "/\\/\\*+/g", "`// ${'/*'} kept`", "id: v.string(),"]) {
      assert.ok(out.includes(kept), `${kept} is code and stays`);
    }
  });

  test("keeps the annotations bundlers read", () => {
    assert.ok(out.includes("/* @__PURE__ */ wire("));
    assert.ok(out.includes("/* @__NO_SIDE_EFFECTS__ */"));
  });
});

describe("the published bundles", { skip: skipUnlessBuilt }, () => {
  for (const build of ["esm", "browser"]) {
    test(`dist/${build}/bundle.js: no comment of the sources; its map carries them whole`, () => {
      const file = `${sdkDir}/dist/${build}/bundle.js`;
      const code = readFileSync(file, "utf8");
      assert.ok(!code.includes("A UUID (the contract's `format: uuid`)"), "a model's doc comment is not in the bundle");
      assert.ok(code.includes("@__PURE__"), "the pure annotations are");
      const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[]; sourcesContent: string[] };
      const ours = map.sources.map((source, i) => [source, map.sourcesContent[i]] as const).filter(([source]) => source.endsWith(".ts"));
      assert.ok(ours.length > 50, `${ours.length} sources`);
      for (const [source, content] of ours) assert.equal(content, readFileSync(resolve(`${sdkDir}/dist/${build}`, source), "utf8"), source);
    });
  }
});

// The bundles ship without the sources' comments. esbuild keeps the doc comments of object
// entries and class members (about a fifth of the bundle), and Node holds a module's whole text
// for as long as it runs: they cost every process that imports the package memory and parse
// time, and tell it nothing (the type declarations carry them to editors, the source maps to
// debuggers). So the sources are handed to esbuild with each comment blanked out, character for
// character: every position stays where it was, the source map still fits the original file,
// and `restoreSources` puts the original text, comments included, back into the map.
// Annotations bundlers read (`@__PURE__`, `@__NO_SIDE_EFFECTS__`) and legal comments stay.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

const KEEP = /[@#]__(PURE|NO_SIDE_EFFECTS)__|@license|@preserve|^\/[*/]!/;

/** `text` with its comments turned into spaces (line breaks kept), but those in `KEEP`. */
export function blankComments(text, fileName = "source.ts") {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const chars = text.split(""); // UTF-16 units, as the positions count
  const done = new Set();
  const blank = (ranges) => {
    for (const { pos, end } of ranges ?? []) {
      if (done.has(pos) || KEEP.test(text.slice(pos, end))) continue;
      done.add(pos);
      for (let i = pos; i < end; i++) if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = " ";
    }
  };
  // Every node and every token (`getChildren` includes punctuation): a comment is trailing
  // trivia of what it follows on its line, or leading trivia of what comes after it.
  const visit = (node) => {
    blank(ts.getLeadingCommentRanges(text, node.pos));
    blank(ts.getTrailingCommentRanges(text, node.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return chars.join("");
}

/** An esbuild plugin loading the package's TypeScript sources through `blankComments`. */
export const withoutComments = {
  name: "without-comments",
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => ({ contents: blankComments(readFileSync(args.path, "utf8"), args.path), loader: "ts" }));
  },
};

/** Puts each TypeScript source's original text back into the source map `mapFile` (positions are the same). */
export function restoreSources(mapFile) {
  const map = JSON.parse(readFileSync(mapFile, "utf8"));
  map.sourcesContent = map.sources.map((source, i) =>
    source.endsWith(".ts") ? readFileSync(resolve(dirname(mapFile), source), "utf8") : map.sourcesContent[i],
  );
  writeFileSync(mapFile, JSON.stringify(map));
}

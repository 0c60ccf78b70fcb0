// What an editor shows, asked of TypeScript's own language service (the engine behind VS Code's
// hovers): every public method's hover is a short signature of named types with a doc comment;
// the deprecated names say so and name their replacement; every field of every model, request
// object, option and error has a doc comment.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { before, test } from "node:test";
import ts from "typescript";
import { CodatPlatform } from "../src/index.js";

const sdkDir = fileURLToPath(new URL("..", import.meta.url));
const probe = `${sdkDir}test/__editor_probe__.ts`;

/** Every public method path of the client (`companies.list`, `connectionManagement.corsSettings.get`, ...), read from an instance. */
function methodPaths(): string[] {
  const paths: string[] = [];
  const visit = (object: object, prefix: string) => {
    const proto = Object.getPrototypeOf(object) as object;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === "constructor" || name.startsWith("_")) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name) as PropertyDescriptor;
      if (descriptor.get) visit((object as Record<string, object>)[name] as object, `${prefix}${name}.`);
      else if (typeof descriptor.value === "function") paths.push(`${prefix}${name}`);
    }
  };
  visit(new CodatPlatform({ serverURL: "http://127.0.0.1:9" }), "");
  return paths;
}

/** Where the deprecated names are, and what each must point to. */
const DEPRECATED: Record<string, RegExp> = {
  "connectionManagement.getAccessToken": /companies\.getAccessToken/,
  "connectionManagement.get": /companies\.getAccessToken/,
  "connectionManagement.corsSettings.get": /settings\.get/,
  "connectionManagement.corsSettings.set": /settings\.set/,
  "cors.get": /settings\.get/,
  "cors.set": /settings\.set/,
  "settings.getCorsSettings": /settings\.get/,
  "settings.setCorsSettings": /settings\.set/,
};

let service: ts.LanguageService;
let program: ts.Program;
let probeText: string;
const methods = methodPaths();

before(() => {
  probeText = [
    `import { CodatPlatform } from "../src/index.js";`,
    `declare const sdk: CodatPlatform;`,
    ...methods.map((path) => `sdk.${path};`),
  ].join("\n");
  const config = ts.getParsedCommandLineOfConfigFile(`${sdkDir}tsconfig.build.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  assert.ok(config);
  const files = [...config.fileNames, probe];
  service = ts.createLanguageService({
    getScriptFileNames: () => files,
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => (file === probe ? ts.ScriptSnapshot.fromString(probeText) : ts.sys.fileExists(file) ? ts.ScriptSnapshot.fromString(readFileSync(file, "utf8")) : undefined),
    getCurrentDirectory: () => sdkDir,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (file) => file === probe || ts.sys.fileExists(file),
    readFile: (file) => (file === probe ? probeText : ts.sys.readFile(file)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
  program = service.getProgram() as ts.Program;
});

test("every public method: a short signature of named types, a doc comment, deprecation where due", () => {
  assert.ok(methods.length >= 30, `${methods.length} methods found`);
  const problems: string[] = [];
  for (const path of methods) {
    const position = probeText.indexOf(`sdk.${path};`) + `sdk.${path}`.length - 1;
    const info = service.getQuickInfoAtPosition(probe, position);
    const signature = ts.displayPartsToString(info?.displayParts);
    const doc = ts.displayPartsToString(info?.documentation);
    const deprecated = info?.tags?.find((tag) => tag.name === "deprecated");
    if (!signature.startsWith("(method)")) problems.push(`${path}: no signature (${signature})`);
    if (signature.length > 240 || signature.includes("{")) problems.push(`${path}: the hover spells types out (${signature.length} chars): ${signature}`);
    if (doc.trim().length < 20) problems.push(`${path}: no doc comment`);
    const replacement = DEPRECATED[path];
    if (replacement && !replacement.test(ts.displayPartsToString(deprecated?.text))) problems.push(`${path}: not @deprecated in favour of ${replacement.source}`);
    if (!replacement && deprecated) problems.push(`${path}: @deprecated, but it is a current name`);
  }
  assert.deepEqual(problems, []);
});

test("companies.create: the hover names CompanyRequestBody, RequestOptions and Company", () => {
  const position = probeText.indexOf("sdk.companies.create;") + "sdk.companies.create".length - 1;
  const signature = ts.displayPartsToString(service.getQuickInfoAtPosition(probe, position)?.displayParts);
  assert.equal(signature, "(method) Companies.create(request: CompanyRequestBody, options?: RequestOptions): Promise<Company>");
});

/** The properties of `type` without a doc comment; `own` limits them to those declared in src/. */
function undocumented(checker: ts.TypeChecker, type: ts.Type, own: boolean): string[] {
  return checker
    .getPropertiesOfType(type)
    .filter((p) => !own || p.declarations?.some((d) => d.getSourceFile().fileName.startsWith(`${sdkDir}src/`)))
    .filter((p) => ts.displayPartsToString(p.getDocumentationComment(checker)).trim() === "")
    .map((p) => p.name);
}

/** Exported object types of a module: name → type. */
function exportedTypes(file: string): Map<string, ts.Type> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(`${sdkDir}${file}`);
  assert.ok(source, file);
  const module = checker.getSymbolAtLocation(source) as ts.Symbol;
  const types = new Map<string, ts.Type>();
  for (const symbol of checker.getExportsOfModule(module)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!(target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) continue;
    const type = checker.getDeclaredTypeOfSymbol(target);
    if (type.flags & ts.TypeFlags.Object || type.isIntersection()) types.set(symbol.name, type);
  }
  return types;
}

test("every field of every model and request object has a doc comment (from the contract)", () => {
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  for (const file of ["src/sdk/models/shared.ts", "src/sdk/models/operations.ts"]) {
    const types = exportedTypes(file);
    assert.ok(types.size >= 15, `${file}: ${types.size} object types`);
    for (const [name, type] of types) {
      const missing = undocumented(checker, type, false);
      if (missing.length > 0) problems.push(`${name}: ${missing.join(", ")}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("every option (client and call) and every field of the error classes has a doc comment", () => {
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  const options = exportedTypes("src/lib/options.ts");
  for (const name of ["SDKOptions", "RequestOptions"]) {
    const missing = undocumented(checker, options.get(name) as ts.Type, false);
    if (missing.length > 0) problems.push(`${name}: ${missing.join(", ")}`);
  }
  for (const [name, type] of exportedTypes("src/errors/index.ts")) {
    const missing = undocumented(checker, type, true);
    if (missing.length > 0) problems.push(`${name}: ${missing.join(", ")}`);
  }
  assert.deepEqual(problems, []);
});

test("every standalone function has a doc comment naming its operation; the deprecated ones name their replacement", () => {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(`${sdkDir}src/funcs/index.ts`) as ts.SourceFile;
  const problems: string[] = [];
  const deprecated: Record<string, RegExp> = {
    connectionManagementGetAccessToken: /companiesGetAccessToken/,
    connectionManagementGet: /companiesGetAccessToken/,
    connectionManagementCorsSettingsGet: /settingsGet/,
    connectionManagementCorsSettingsSet: /settingsSet/,
    corsGet: /settingsGet/,
    corsSet: /settingsSet/,
    settingsGetCorsSettings: /settingsGet/,
    settingsSetCorsSettings: /settingsSet/,
  };
  let count = 0;
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source) as ts.Symbol)) {
    const target = checker.getAliasedSymbol(symbol);
    if (!(target.flags & ts.SymbolFlags.Function)) continue;
    count++;
    const doc = ts.displayPartsToString(target.getDocumentationComment(checker));
    if (!/`(GET|POST|PUT|PATCH|DELETE|\{method\}) \//.test(doc)) problems.push(`${symbol.name}: no doc comment naming its operation`);
    const tag = target.getJsDocTags(checker).find((t) => t.name === "deprecated");
    const replacement = deprecated[symbol.name];
    if (replacement && !replacement.test(ts.displayPartsToString(tag?.text))) problems.push(`${symbol.name}: not @deprecated in favour of ${replacement.source}`);
    if (!replacement && tag) problems.push(`${symbol.name}: @deprecated, but it is a current name`);
  }
  assert.ok(count >= 35, `${count} functions`);
  assert.deepEqual(problems, []);
});

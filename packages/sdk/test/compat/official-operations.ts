// Which HTTP operation each call of an official client makes, read from that client's own
// compiled code, so that "is this an operation our server implements?" is answered by the
// server's own OpenAPI document rather than by a list kept by hand:
//   companies.list                          -> GET /companies
//   connectionManagement.corsSettings.get   -> GET /connectionManagement/corsSettings
//   funcs:companiesList                     -> GET /companies
// Resources are found from the client class's getters (`get companies(): Companies`) in the
// package's `sdk/*.d.ts`; each method's path and verb in its compiled `sdk/<resource>.js` (4.x)
// or in the `funcs/<name>.js` the method calls (6.x).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

export interface HttpOperation {
  method: string;
  /** The path template, `{name}` for parameters. */
  path: string;
}

/** The verb and path template in a piece of generated code, if it has exactly one of each. */
function httpIn(code: string): HttpOperation | undefined {
  const paths = [...code.matchAll(/(?:templateURLComponent|pathToFunc)\)?\(\s*"([^"]+)"/g)].map((m) => m[1] as string);
  const methods = [...code.matchAll(/method:\s*"(GET|POST|PUT|PATCH|DELETE)"/g)].map((m) => m[1] as string);
  if (paths.length === 0 || methods.length === 0) return undefined;
  return { method: methods[0] as string, path: paths[0] as string };
}

/** The body of each `async name(...) {` method of a compiled class, by name. */
function methodBodies(js: string): Map<string, string> {
  const bodies = new Map<string, string>();
  const parts = js.split(/\n {4}async (\w+)\(/);
  for (let i = 1; i < parts.length; i += 2) bodies.set(parts[i] as string, parts[i + 1] as string);
  return bodies;
}

/** Every call of the official client in `packageDir`, with its HTTP operation. */
export function officialOperations(packageDir: string): Map<string, HttpOperation> {
  const sdkDir = join(packageDir, "sdk");
  const classFile = new Map<string, string>(); // class name -> sdk/<file> without extension
  const getters = new Map<string, [string, string][]>(); // class name -> [accessor, class name]
  for (const name of readdirSync(sdkDir).filter((f) => f.endsWith(".d.ts"))) {
    const dts = readFileSync(join(sdkDir, name), "utf8");
    const declared = /export declare class (\w+)/.exec(dts)?.[1];
    if (!declared) continue;
    classFile.set(declared, basename(name, ".d.ts"));
    getters.set(declared, [...dts.matchAll(/\bget (\w+)\(\): (\w+);/g)].map((m) => [m[1] as string, m[2] as string]));
  }

  const funcOperation = (name: string): HttpOperation | undefined => {
    const file = join(packageDir, "funcs", `${name}.js`);
    return existsSync(file) ? httpIn(readFileSync(file, "utf8")) : undefined;
  };

  const operations = new Map<string, HttpOperation>();
  const visit = (className: string, prefix: string, seen: Set<string>) => {
    if (seen.has(className)) return;
    seen.add(className);
    const file = classFile.get(className);
    if (file && existsSync(join(sdkDir, `${file}.js`))) {
      for (const [method, body] of methodBodies(readFileSync(join(sdkDir, `${file}.js`), "utf8"))) {
        const called = /\.(\w+)\)\(this\b/.exec(body)?.[1];
        const http = httpIn(body) ?? (called ? funcOperation(called) : undefined);
        if (http) operations.set(`${prefix}${method}`, http);
      }
    }
    for (const [accessor, child] of getters.get(className) ?? []) visit(child, `${prefix}${accessor}.`, new Set(seen));
  };
  visit("CodatPlatform", "", new Set());

  const funcsDir = join(packageDir, "funcs");
  if (existsSync(funcsDir)) {
    for (const name of readdirSync(funcsDir).filter((f) => f.endsWith(".js"))) {
      const http = funcOperation(basename(name, ".js"));
      if (http) operations.set(`funcs:${basename(name, ".js")}`, http);
    }
  }
  return operations;
}

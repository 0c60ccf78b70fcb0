// A throwaway TypeScript project for documentation examples: each example one file, the import
// `@codat/platform` resolved by a `node_modules/@codat/platform` symlink (to this package, or
// to an official client for comparison), compiled by `tsc` (strict, NodeNext) as ES modules or
// as CommonJS, and run with `node`, each example in a process of its own.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
/** Where the repository's packages are installed: what an example may import besides the client. */
const installed = join(dirname(require.resolve("typescript/package.json")), "..");

export type ModuleFormat = "esm" | "cjs";

export interface ExampleProject {
  dir: string;
  format: ModuleFormat;
  /** Compiles every file; the errors of each (`examples/<name>.ts` → messages). */
  compile(): Promise<Map<string, string[]>>;
  /** Runs one compiled example; `preload` files are `--require`d first. */
  run(name: string, env: Record<string, string>, timeoutMs: number, preload?: readonly string[]): Promise<RunOutcome>;
  remove(): void;
}

export interface RunOutcome {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * A project at a fresh temporary directory holding `files` (name → code) under `examples/`, with
 * `client` (a package directory) installed as `@codat/platform` and each of `packages` linked
 * from the repository's `node_modules` when it is there.
 */
export function createExampleProject(options: {
  client: string;
  format: ModuleFormat;
  files: Map<string, string>;
  packages: readonly string[];
  emit: boolean;
}): ExampleProject {
  const dir = mkdtempSync(join(tmpdir(), `codat-examples-${options.format}-`));
  const link = (name: string, target: string) => {
    const at = join(dir, "node_modules", name);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(target, at, "dir");
  };
  link("@codat/platform", options.client);
  link("@types/node", join(installed, "@types/node"));
  for (const name of options.packages) {
    if (name.startsWith("@codat/platform") || name === "@types/node") continue;
    const root = name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : (name.split("/")[0] as string);
    if (existsSync(join(installed, root)) && !existsSync(join(dir, "node_modules", root))) link(root, join(installed, root));
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: options.format === "esm" ? "module" : "commonjs" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        types: ["node"],
        // The official clients' declarations do not all check against this repository's zod.
        skipLibCheck: true,
        noEmit: !options.emit,
        outDir: "dist",
        rootDir: ".",
      },
      include: ["examples/*.ts"],
    }),
  );
  mkdirSync(join(dir, "examples"));
  for (const [name, code] of options.files) writeFileSync(join(dir, "examples", `${name}.ts`), code);

  return {
    dir,
    format: options.format,
    async compile() {
      const output = await new Promise<string>((resolve) => {
        execFile(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: dir, maxBuffer: 16 << 20 }, (_error, stdout, stderr) =>
          resolve(`${stdout}${stderr}`),
        );
      });
      const errors = new Map<string, string[]>();
      let current: string[] | undefined;
      for (const line of output.split("\n")) {
        const m = /^examples\/([^(]+)\.ts\(\d+,\d+\): error /.exec(line);
        if (m) {
          const name = m[1] as string;
          current = errors.get(name) ?? [];
          errors.set(name, current);
          current.push(line.slice("examples/".length));
        } else if (line.startsWith(" ") && current) {
          current.push(line.trim());
        } else if (line.trim()) {
          // An error outside the examples (tsconfig, a declaration file): every example fails with it.
          current = errors.get("(project)") ?? [];
          errors.set("(project)", current);
          current.push(line);
        }
      }
      return errors;
    },
    run(name, env, timeoutMs, preload = []) {
      return new Promise((resolve) => {
        const child = execFile(
          process.execPath,
          [...preload.flatMap((file) => ["--require", file]), join(dir, "dist", "examples", `${name}.js`)],
          { cwd: dir, env: { PATH: process.env.PATH ?? "", ...env }, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 16 << 20 },
          (error, stdout, stderr) => {
            const timedOut = Boolean(error && (error as { killed?: boolean }).killed);
            resolve({ exitCode: child.exitCode, timedOut, stdout, stderr });
          },
        );
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

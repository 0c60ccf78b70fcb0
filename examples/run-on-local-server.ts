// `npm run example`: runs the seed's example (examples/get-access-token.ts) against the server
// `npm start` runs on this machine, filling in what the example reads from the environment:
//   CODAT_SERVER_URL   PUBLIC_URL, else http://<HOST or 127.0.0.1>:<PORT or 4000>, as npm start
//   CODAT_AUTH_HEADER  "Basic " + the API key: PLATFORM_API_KEY, else the one npm start keeps
//                      in <DATA_DIR or ./data>/api-key
//   CODAT_COMPANY_ID   the demo company npm start seeds, else the key's first company
// Any of them already set is used as it is. When no server answers, it says how to start one.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("get-access-token.ts", import.meta.url));
const DEMO_COMPANY_NAME = "Demo Company";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function serverUrl(): string {
  const { CODAT_SERVER_URL, PUBLIC_URL, HOST, PORT } = process.env;
  return (CODAT_SERVER_URL ?? PUBLIC_URL ?? `http://${HOST && HOST !== "0.0.0.0" ? HOST : "127.0.0.1"}:${PORT ?? 4000}`).replace(/\/$/, "");
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

function authHeader(): string {
  if (process.env.CODAT_AUTH_HEADER) return process.env.CODAT_AUTH_HEADER;
  const keyFile = path.resolve(process.env.DATA_DIR ?? "data", "api-key");
  const apiKey = process.env.PLATFORM_API_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : "");
  if (!apiKey) fail(`No API key: set CODAT_AUTH_HEADER="Basic <base64 API key>" (npm start prints it), or run this where npm start keeps ${keyFile}.`);
  return `Basic ${Buffer.from(apiKey).toString("base64")}`;
}

async function companyId(url: string, authorization: string): Promise<string> {
  if (process.env.CODAT_COMPANY_ID) return process.env.CODAT_COMPANY_ID;
  for (const query of [`?query=${encodeURIComponent(`name=${DEMO_COMPANY_NAME}`)}&pageSize=1`, "?pageSize=1"]) {
    const response = await fetch(`${url}/companies${query}`, { headers: { authorization } });
    if (response.status === 401) fail(`${url} refused the API key (401): set CODAT_AUTH_HEADER to the one npm start printed.`);
    if (!response.ok) fail(`${url}/companies answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { results?: Array<{ id: string }> };
    const found = page.results?.[0]?.id;
    if (found) return found;
  }
  return fail(`The API key's client has no company yet: create one (POST ${url}/companies) or set CODAT_COMPANY_ID.`);
}

const url = serverUrl();
if (!existsSync(path.join(root, "packages/sdk/dist/esm/index.js"))) fail("The SDK is not built: run `npm run build` (npm start builds it too).");
if (!(await answers(url))) fail(`No Platform server answers at ${url}. Start one in another terminal with \`npm start\`, then run \`npm run example\` again.`);
const authorization = authHeader();
const company = await companyId(url, authorization);

console.log(`Running examples/get-access-token.ts against ${url} for company ${company}:`);
const child = spawn(process.execPath, ["--import", "tsx", EXAMPLE], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, CODAT_SERVER_URL: url, CODAT_AUTH_HEADER: authorization, CODAT_COMPANY_ID: company },
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

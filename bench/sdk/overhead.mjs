#!/usr/bin/env node
// Our SDK's own work per call, with the network taken out: the client's fetcher hands back a
// canned response at once (an object with the `Response` members the SDK reads: a real
// `Response` costs 20-30 µs to make and read here, which would drown what is measured), and the
// baseline is what a caller of raw `fetch` does with it (`JSON.parse(await res.text())`). The difference is the SDK's CPU time per call:
// request validation, URL and headers, the retry wrapper, response validation, results. Timed
// as this process's CPU time (the work, not what the machine's other processes leave it).
import { startCannedServer } from "./canned-server.mjs";
import { OPERATIONS } from "./per-call.mjs";

// SDK_MODULE: another build of ours to measure instead (its dist/esm/index.js), as in per-call.mjs.
const { CodatPlatform, HTTPClient } = await import(process.env.SDK_MODULE ?? "@codat/platform");

const CALLS = Number(process.env.CALLS ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);

/** The body the canned server gives for `path`, fetched from it once. */
async function bodyOf(path) {
  const server = await startCannedServer();
  try {
    return await (await fetch(server.url + path)).text();
  } finally {
    await server.close();
  }
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** { operation: { baselineUs, sdkUs, overheadUs } }: medians over ROUNDS of CALLS sequential calls. */
export async function measureOverhead() {
  const result = {};
  for (const [operation, { path, call, check }] of Object.entries(OPERATIONS)) {
    const body = await bodyOf(path);
    const headers = new Headers({ "content-type": "application/json" });
    const respond = () => Promise.resolve({ status: 200, statusText: "OK", ok: true, headers, body: null, text: () => Promise.resolve(body) });
    const sdk = new CodatPlatform({ authHeader: "Basic QVBJX0tFWQ==", serverURL: "http://127.0.0.1:1", httpClient: new HTTPClient({ fetcher: respond }) });
    const url = `http://127.0.0.1:1${path}`;
    const contenders = {
      baseline: async () => {
        const res = await respond(url, { headers: { authorization: "Basic QVBJX0tFWQ==", accept: "application/json" } });
        if (!check(JSON.parse(await res.text()))) throw new Error("bad body");
      },
      sdk: async () => {
        if (!check(await call(sdk))) throw new Error("bad body");
      },
    };
    const times = { baseline: [], sdk: [] };
    for (let round = -1; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(contenders)) {
        const start = process.cpuUsage();
        for (let i = 0; i < CALLS; i++) await run();
        const used = process.cpuUsage(start);
        if (round >= 0) times[name].push((used.user + used.system) / CALLS); // round -1 warms up
      }
    }
    const baselineUs = median(times.baseline);
    const sdkUs = median(times.sdk);
    result[operation] = { baselineUs, sdkUs, overheadUs: sdkUs - baselineUs };
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [operation, r] of Object.entries(await measureOverhead())) {
    console.log(`${operation.padEnd(16)} canned response + JSON.parse ${r.baselineUs.toFixed(2)} µs, through the SDK ${r.sdkUs.toFixed(2)} µs: +${r.overheadUs.toFixed(2)} µs/call`);
  }
}

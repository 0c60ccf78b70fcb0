#!/usr/bin/env node
// Time per sequential getAccessToken call against one local server: raw fetch, our SDK and the
// reference SDK, interleaved call by call so that drift hits all of them alike; medians.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { CodatPlatform } from "@codat/platform";
import { CodatPlatform as ReferencePlatform } from "@codat/platform-v4";

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const CALLS = Number(process.env.CALLS ?? 1000);
const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const authHeader = "Basic QVBJX0tFWQ==";

async function startServer() {
  const child = spawn(process.execPath, [new URL("token-server.mjs", import.meta.url).pathname], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = await once(child.stdout, "data");
  return { url: String(line).trim(), stop: () => child.kill("SIGTERM") };
}

function median(values) {
  const s = Float64Array.from(values).sort();
  return s[Math.floor(s.length / 2)];
}

export async function measurePerCall() {
  const server = await startServer();
  try {
    const url = `${server.url}/companies/${companyId}/connectionManagement/accessToken`;
    const ours = new CodatPlatform({ authHeader, serverURL: server.url });
    const reference = new ReferencePlatform({ authHeader, serverURL: server.url });
    const contenders = {
      "raw fetch, res.json()": async () => {
        const res = await fetch(url, { headers: { authorization: authHeader, accept: "application/json" } });
        if (!(await res.json()).accessToken) throw new Error("no token");
      },
      "raw fetch, JSON.parse(res.text())": async () => {
        const res = await fetch(url, { headers: { authorization: authHeader, accept: "application/json" } });
        if (!JSON.parse(await res.text()).accessToken) throw new Error("no token");
      },
      ours: async () => {
        if (!(await ours.connectionManagement.getAccessToken({ companyId })).accessToken) throw new Error("no token");
      },
      "reference 4.0.0": async () => {
        if (!(await reference.connectionManagement.getAccessToken({ companyId })).accessToken) throw new Error("no token");
      },
    };
    // Interleaved call by call (rotating who goes first), each call timed on its own: load
    // from other processes then hits every contender alike, and medians shrug off GC pauses.
    const names = Object.keys(contenders);
    const samples = Object.fromEntries(names.map((k) => [k, []]));
    for (const call of Object.values(contenders)) for (let i = 0; i < 200; i++) await call(); // warm-up
    for (let i = 0; i < ROUNDS * CALLS; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length];
        const start = process.hrtime.bigint();
        await contenders[name]();
        samples[name].push(Number(process.hrtime.bigint() - start) / 1000);
      }
    }
    const medians = Object.fromEntries(names.map((name) => [name, median(samples[name])]));
    const raw = Math.min(medians["raw fetch, res.json()"], medians["raw fetch, JSON.parse(res.text())"]);
    return Object.fromEntries(names.map((name) => [name, { usPerCall: medians[name], ratio: medians[name] / raw }]));
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(await measurePerCall())) {
    console.log(`${name.padEnd(18)} ${r.usPerCall.toFixed(1).padStart(7)} µs/call  ${r.ratio.toFixed(3)} × raw fetch (the faster variant)`);
  }
}

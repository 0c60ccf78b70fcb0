#!/usr/bin/env node
// Time per sequential getAccessToken call against one local server: raw fetch, our SDK and the
// reference SDK, interleaved round by round so that drift hits all three alike.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { CodatPlatform } from "@codat/platform";
import { CodatPlatform as ReferencePlatform } from "@codat/platform-v4";

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const CALLS = Number(process.env.CALLS ?? 2000);
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
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** µs per call over `CALLS` sequential calls. */
async function time(call) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await call();
  return Number(process.hrtime.bigint() - start) / 1000 / CALLS;
}

export async function measurePerCall() {
  const server = await startServer();
  try {
    const url = `${server.url}/companies/${companyId}/connectionManagement/accessToken`;
    const ours = new CodatPlatform({ authHeader, serverURL: server.url });
    const reference = new ReferencePlatform({ authHeader, serverURL: server.url });
    const contenders = {
      "raw fetch": async () => {
        const res = await fetch(url, { headers: { authorization: authHeader, accept: "application/json" } });
        if (!(await res.json()).accessToken) throw new Error("no token");
      },
      ours: async () => {
        if (!(await ours.connectionManagement.getAccessToken({ companyId })).accessToken) throw new Error("no token");
      },
      "reference 4.0.0": async () => {
        if (!(await reference.connectionManagement.getAccessToken({ companyId })).accessToken) throw new Error("no token");
      },
    };
    const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    for (const call of Object.values(contenders)) await time(call); // warm-up: JIT, connection pool
    for (let round = 0; round < ROUNDS; round++) {
      const order = Object.keys(contenders);
      if (round % 2) order.reverse();
      for (const name of order) samples[name].push(await time(contenders[name]));
    }
    const raw = median(samples["raw fetch"]);
    // The ratio per round (each against the same round's raw fetch), then its median.
    const ratio = (name) => median(samples[name].map((t, i) => t / samples["raw fetch"][i]));
    return Object.fromEntries(
      Object.keys(contenders).map((name) => [name, { usPerCall: median(samples[name]), ratio: ratio(name), raw }]),
    );
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(await measurePerCall())) {
    console.log(`${name.padEnd(18)} ${r.usPerCall.toFixed(1).padStart(7)} µs/call  ${r.ratio.toFixed(3)} × raw fetch`);
  }
}

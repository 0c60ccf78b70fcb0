#!/usr/bin/env node
// Time per sequential call: raw fetch, our SDK and the reference SDK, interleaved call by call
// so that drift hits all of them alike; medians. Two operations (`getAccessToken`, whose answer
// is one string, and `companies.get`, a company with two connections to validate), each measured
// with the server placed two ways in the same run:
//   - "own process": the server in a process of its own, as in production; the client's work
//     overlaps the server's, on another core;
//   - "same process": the server in the client's process, so that every microsecond the client
//     spends is on the one thread the round trip also needs: the client's own cost shows whole.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { CodatPlatform as ReferencePlatform } from "@codat/platform-v4";
import { COMPANY_ID, startCannedServer } from "./canned-server.mjs";

// SDK_MODULE: another build of ours to measure instead (its dist/esm/index.js), e.g. to compare
// a change with the code before it in the same conditions.
const { CodatPlatform } = await import(process.env.SDK_MODULE ?? "@codat/platform");

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const CALLS = Number(process.env.CALLS ?? 1000);
const authHeader = "Basic QVBJX0tFWQ==";

/** Where the server runs: a process of its own (the URL it prints), or this one. */
export const PLACEMENTS = {
  "own process": async () => {
    const child = spawn(process.execPath, [new URL("canned-server.mjs", import.meta.url).pathname], { stdio: ["ignore", "pipe", "inherit"] });
    const [line] = await once(child.stdout, "data");
    return { url: String(line).trim(), close: async () => void child.kill("SIGTERM") };
  },
  "same process": startCannedServer,
};

/** Each operation: its path, and how our SDK and the reference one call it. */
export const OPERATIONS = {
  getAccessToken: {
    path: `/companies/${COMPANY_ID}/connectionManagement/accessToken`,
    check: (body) => body.accessToken,
    call: (sdk) => sdk.connectionManagement.getAccessToken({ companyId: COMPANY_ID }),
  },
  "companies.get": {
    path: `/companies/${COMPANY_ID}`,
    check: (body) => body.dataConnections?.length === 2,
    call: (sdk) => sdk.companies.get({ companyId: COMPANY_ID }),
  },
};

function median(values) {
  const s = Float64Array.from(values).sort();
  return s[Math.floor(s.length / 2)];
}

/**
 * { contender: { usPerCall, ratio, cpuUsPerCall, cpuRatio } } for `operation` with the server
 * placed as `placement` says: medians of wall time and of this process's CPU time per call (with
 * the server in this process, that is the whole round trip's work, whatever else the machine runs).
 */
export async function measurePerCall(operation = "getAccessToken", placement = "own process") {
  const { path, check, call } = OPERATIONS[operation];
  const server = await PLACEMENTS[placement]();
  try {
    const url = server.url + path;
    const ours = new CodatPlatform({ authHeader, serverURL: server.url });
    const reference = new ReferencePlatform({ authHeader, serverURL: server.url });
    const expect = (body) => {
      if (!check(body)) throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
    };
    const contenders = {
      "raw fetch, res.json()": async () => {
        const res = await fetch(url, { headers: { authorization: authHeader, accept: "application/json" } });
        expect(await res.json());
      },
      "raw fetch, JSON.parse(res.text())": async () => {
        const res = await fetch(url, { headers: { authorization: authHeader, accept: "application/json" } });
        expect(JSON.parse(await res.text()));
      },
      ours: async () => expect(await call(ours)),
      "reference 4.0.0": async () => expect(await call(reference)),
    };
    // Interleaved call by call (rotating who goes first), each call timed on its own: load
    // from other processes then hits every contender alike, and medians shrug off GC pauses.
    const names = Object.keys(contenders);
    const samples = Object.fromEntries(names.map((k) => [k, []]));
    const cpuSamples = Object.fromEntries(names.map((k) => [k, []]));
    for (const contender of Object.values(contenders)) for (let i = 0; i < 200; i++) await contender(); // warm-up
    for (let i = 0; i < ROUNDS * CALLS; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length];
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        await contenders[name]();
        samples[name].push(Number(process.hrtime.bigint() - start) / 1000);
        const used = process.cpuUsage(cpu);
        cpuSamples[name].push(used.user + used.system);
      }
    }
    const stats = (all) => {
      const medians = Object.fromEntries(names.map((name) => [name, median(all[name])]));
      return { medians, raw: Math.min(medians["raw fetch, res.json()"], medians["raw fetch, JSON.parse(res.text())"]) };
    };
    const wall = stats(samples);
    const cpu = stats(cpuSamples);
    return Object.fromEntries(
      names.map((name) => [
        name,
        { usPerCall: wall.medians[name], ratio: wall.medians[name] / wall.raw, cpuUsPerCall: cpu.medians[name], cpuRatio: cpu.medians[name] / cpu.raw },
      ]),
    );
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // node bench/sdk/per-call.mjs [operation] [placement]
  const [onlyOperation, onlyPlacement] = process.argv.slice(2);
  for (const operation of onlyOperation ? [onlyOperation] : Object.keys(OPERATIONS)) {
    for (const placement of onlyPlacement ? [onlyPlacement] : Object.keys(PLACEMENTS)) {
      console.log(`${operation}, server in ${placement === "own process" ? "its own process" : "the client's process"}:`);
      for (const [name, r] of Object.entries(await measurePerCall(operation, placement))) {
        console.log(`  ${name.padEnd(34)} ${r.usPerCall.toFixed(1).padStart(7)} µs/call  ${r.ratio.toFixed(3)} × raw fetch   CPU ${r.cpuUsPerCall.toFixed(0).padStart(4)} µs/call  ${r.cpuRatio.toFixed(3)} ×`);
      }
    }
  }
}

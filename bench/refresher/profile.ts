// Where a node's CPU went, from the V8 CPU profile `node --cpu-prof` writes at exit: self time
// per function and per part of the refresh path (database driver, oauth4webapi, undici, the
// server's own code, node:http and streams, crypto, GC), idle time left out.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The part of the refresh path a frame belongs to, by its script. */
function partOf(url: string, name: string): string {
  if (name === "(garbage collector)") return "garbage collection";
  if (name === "(program)") return "V8 / native (program)";
  if (url.includes("/kysely/")) return "kysely (query building)";
  if (url.includes("/pg/") || url.includes("/pg-protocol/") || url.includes("/pg-pool/") || url.includes("/pg-types/")) return "pg driver";
  if (url.includes("/better-sqlite3/")) return "better-sqlite3 (SQLite itself, synchronous)";
  if (url.includes("/oauth4webapi/")) return "oauth4webapi";
  if (url.includes("/undici/") || url.includes("internal/deps/undici")) return "undici (fetch, Response)";
  if (url.includes("/pino") || url.includes("/sonic-boom/")) return "logging";
  if (url.includes("/fastify/") || url.includes("/avvio/") || url.includes("/find-my-way/")) return "fastify";
  if (url.includes("/server/dist/tokens/")) return "server: sealing";
  if (url.includes("/server/dist/")) return "server: other code";
  if (url.includes("node:internal/crypto") || url.includes("node:crypto")) return "node:crypto";
  if (url.includes("webstreams") || url.includes("node:stream") || url.includes("internal/streams")) return "streams";
  if (url.includes("node:internal/http") || url.includes("node:_http") || url.includes("node:net") || url.includes("node:http")) return "node:http / net";
  if (url.startsWith("node:")) return "node: other";
  if (url === "") return `native: ${name || "(anonymous)"}`;
  return "other";
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  parts: Array<{ part: string; ms: number; share: number }>;
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
}

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  for (let k = 0; k < profile.samples.length; k++) {
    const id = profile.samples[k]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
  }
  const parts = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  let busyMs = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    busyMs += ms;
    const part = partOf(url, functionName);
    parts.set(part, (parts.get(part) ?? 0) + ms);
    const where = url ? `${url.replace(/^.*node_modules\//, "").replace(/^.*\/packages\//, "packages/")}:${lineNumber + 1}` : "";
    const key = `${functionName}@${where}`;
    const entry = functions.get(key) ?? { name: functionName || "(anonymous)", where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  }
  const share = (ms: number) => ms / busyMs;
  return {
    file,
    busyMs,
    parts: [...parts].map(([part, ms]) => ({ part, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].map((f) => ({ ...f, share: share(f.ms) })).sort((a, b) => b.ms - a.ms).slice(0, 25),
  };
}

/** Every profile a node wrote into `dir`. */
export function profilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(".cpuprofile"))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

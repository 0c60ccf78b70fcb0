// CPU time of the processes a benchmark sample involves, read from Linux's /proc: each node
// process, the PostgreSQL backends serving one database (their command line names it), this
// process (autocannon runs in it) and the whole machine. What the machine spent beyond those is
// other work sharing it during the sample. Elsewhere than Linux every reading is undefined.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in seconds; undefined when it is gone (or there is no /proc). */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds by pid of the PostgreSQL backends connected to `database` (command line "postgres: … <user> <database> …"). */
function backendsOf(database: string): Map<number, number> {
  const found = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmdline.startsWith("postgres: ") || !cmdline.split(" ").includes(database)) continue;
      const cpu = processCpuSeconds(Number(entry));
      if (cpu !== undefined) found.set(Number(entry), cpu);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Busy and total CPU seconds of the whole machine (all cores). */
function machineCpuSeconds(): { busy: number; total: number } | undefined {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy: busy / TICKS_PER_SECOND, total: (busy + idle! + iowait!) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

export interface CpuUse {
  /** CPU seconds of the nodes under load. */
  nodes: number | undefined;
  /** CPU seconds of the PostgreSQL backends of the side's database (new backends from their start). */
  postgres: number | undefined;
  /** CPU seconds of this process (the load generator). */
  loadGenerator: number;
  /** Machine CPU seconds spent by anything else (other work on a shared machine), and the wall time. */
  other: number | undefined;
  wallSeconds: number;
}

/** Starts measuring; the returned function ends the measurement. */
export function measureCpu(nodePids: number[], database: string | undefined): () => CpuUse {
  const nodes0 = nodePids.map(processCpuSeconds);
  const backends0 = database ? backendsOf(database) : new Map<number, number>();
  const self0 = process.cpuUsage();
  const machine0 = machineCpuSeconds();
  const t0 = performance.now();
  return () => {
    const wallSeconds = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    const loadGenerator = (self.user + self.system) / 1e6;
    const nodes1 = nodePids.map(processCpuSeconds);
    const nodes = nodes1.every((v, i) => v !== undefined && nodes0[i] !== undefined)
      ? nodes1.reduce((sum: number, v, i) => sum + v! - nodes0[i]!, 0)
      : undefined;
    let postgres: number | undefined;
    if (database) {
      const backends1 = backendsOf(database);
      postgres = backends1.size > 0 ? [...backends1].reduce((sum, [pid, cpu]) => sum + cpu - (backends0.get(pid) ?? 0), 0) : undefined;
    }
    const machine1 = machineCpuSeconds();
    const other =
      machine0 && machine1 && nodes !== undefined
        ? Math.max(0, machine1.busy - machine0.busy - nodes - (postgres ?? 0) - loadGenerator)
        : undefined;
    return { nodes, postgres, loadGenerator, other, wallSeconds };
  };
}

// The server's entry point under `node --cpu-prof`, for `bench:refresher --profile`. Node 20
// refuses --cpu-prof in NODE_OPTIONS, and the test kit starts `node <script>`, so this script
// starts the server (packages/server/dist/main.js, or SERVER_MAIN: another build's) as its
// child with the flag, prints `profiled pid <pid>` first (CPU is read from that process),
// passes SIGTERM and SIGINT on and exits with the child's code. The child writes its profile
// (a .cpuprofile) into CPU_PROFILE_DIR when it exits.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = process.env.SERVER_MAIN ?? fileURLToPath(new URL("../../packages/server/dist/main.js", import.meta.url));
const child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${process.env.CPU_PROFILE_DIR ?? "."}`, main], { stdio: "inherit" });
process.stdout.write(`profiled pid ${child.pid}\n`);
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// `npm start`: configure from the environment, migrate, seed a new database, listen, print the
// banner; with WORKERS > 1, the same in each of several worker processes (cluster.ts). SIGTERM /
// SIGINT drain: running requests finish, new ones get 503 (canBeRetried "True"), then the
// process exits. A second signal exits at once. A start the environment prevents (a bad
// variable, the port taken, the database or data folder out of reach) is one line on stderr
// naming the variable to change, exit code 78 (start-errors.ts).
import cluster from "node:cluster";
import { buildApp, type PlatformApp } from "./http/app.js";
import { banner, type BannerInput } from "./banner.js";
import { LISTENING_MESSAGE, runPrimary, WorkerStartError } from "./cluster.js";
import { CONFIG_EXIT_CODE, ConfigError, loadConfig, type Config } from "./config.js";
import { demoPlatformEnabled, demoPlatformIssuer } from "./demo/demo-platform.js";
import { DEMO_PATH, setDemoAccess } from "./http/routes/browser/index.js";
import { seed, type SeedResult } from "./seed.js";
import { listenError, setupError, StartError } from "./start-errors.js";
import { setUpDemoPlatform } from "./services/demo-platform.js";

/** One server node: the whole process, or one worker of several (WORKERS > 1, see cluster.ts). */
async function runNode(config: Config): Promise<{ app: PlatformApp; seeded: SeedResult }> {
  const app = await buildApp({ config }).catch((error: unknown) => Promise.reject(setupError(error, config)));
  let seeded: SeedResult;
  try {
    seeded = await seed(app.context, demoPlatformEnabled(config) ? { demoPlatform: (clientId, db) => setUpDemoPlatform(app.context, clientId, db) } : {});
    // The demo host page plays a host's back end with its own key, for the demo company only.
    if (seeded.demoApiKey && seeded.demoCompanyId) setDemoAccess(app.context, { apiKey: seeded.demoApiKey, companyId: seeded.demoCompanyId });
  } catch (error) {
    // Closed first, so that the database is let go of cleanly before the process exits.
    await app.close();
    throw setupError(error, config);
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    throw listenError(error, config);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals | "disconnect") => {
    if (stopping) {
      app.log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, "draining: finishing running requests");
    app.drain().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  if (cluster.isWorker) {
    // Ctrl-C reaches every process of the group; the primary turns it into one SIGTERM each.
    process.on("SIGINT", () => undefined);
    // The primary is gone (killed outright): nobody supervises this worker any more.
    process.on("disconnect", () => stop("disconnect"));
  } else {
    process.on("SIGINT", stop);
  }
  return { app, seeded };
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    const seeded = await runPrimary(config).catch((error: unknown) => Promise.reject(setupError(error, config)));
    printBanner(config, seeded);
    return;
  }
  const { seeded } = await runNode(config);
  if (cluster.isWorker) process.send?.(LISTENING_MESSAGE);
  else printBanner(config, seeded);
}

function printBanner(config: Config, seeded: SeedResult): void {
  const demoPageUrl = seeded.demoApiKey && seeded.demoCompanyId ? `${config.publicUrl}${DEMO_PATH}` : undefined;
  let demoPlatform: BannerInput["demoPlatform"];
  if (demoPageUrl && config.workers > 1) demoPlatform = { off: "needs WORKERS=1 (it keeps sign-ins in one process's memory)" };
  else if (seeded.demoPlatform) demoPlatform = seeded.demoPlatform.ready ? { url: demoPlatformIssuer(config.publicUrl) } : { off: seeded.demoPlatform.problem };
  process.stdout.write(`${banner({ publicUrl: config.publicUrl, databaseUrl: config.databaseUrl, seed: seeded, demoPageUrl, demoPlatform, workers: config.workers })}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  // The environment's fault (the port taken, the database unreachable): one line, no stack.
  if (error instanceof StartError) {
    process.stderr.write(`failed to start: ${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  if (error instanceof WorkerStartError) {
    process.stderr.write(`failed to start: ${error.message}\n`);
    // A worker that stopped for the environment's reason (it said which) makes this exit the same way.
    process.exit(error.workerExitCode === CONFIG_EXIT_CODE ? CONFIG_EXIT_CODE : 1);
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

// `npm start`: configure from the environment, migrate, seed a new database, listen, print the
// banner; with WORKERS > 1, the same in each of several worker processes (cluster.ts). SIGTERM /
// SIGINT drain: running requests finish, new ones get 503 (canBeRetried "True"), then the
// process exits. A second signal exits at once.
import cluster from "node:cluster";
import { buildApp, type PlatformApp } from "./http/app.js";
import { banner, type BannerInput } from "./banner.js";
import { LISTENING_MESSAGE, runPrimary, WorkerStartError } from "./cluster.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { demoPlatformEnabled, demoPlatformIssuer } from "./demo/demo-platform.js";
import { DEMO_PATH, setDemoAccess } from "./http/routes/browser/index.js";
import { seed, type SeedResult } from "./seed.js";
import { setUpDemoPlatform } from "./services/demo-platform.js";

/** One server node: the whole process, or one worker of several (WORKERS > 1, see cluster.ts). */
async function runNode(config: Config): Promise<{ app: PlatformApp; seeded: SeedResult }> {
  const app = await buildApp({ config });
  const seeded = await seed(app.context, demoPlatformEnabled(config) ? { demoPlatform: (clientId, db) => setUpDemoPlatform(app.context, clientId, db) } : {});
  // The demo host page plays a host's back end with its own key, for the demo company only.
  if (seeded.demoApiKey && seeded.demoCompanyId) setDemoAccess(app.context, { apiKey: seeded.demoApiKey, companyId: seeded.demoCompanyId });
  await app.listen({ port: config.port, host: config.host });

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
    const seeded = await runPrimary(config);
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
    process.exit(78);
  }
  if (error instanceof WorkerStartError) {
    process.stderr.write(`failed to start: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

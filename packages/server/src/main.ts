// `npm start`: configure from the environment, migrate, seed a new database, listen, print the
// banner. SIGTERM / SIGINT drain: running requests finish, new ones get 503 (canBeRetried
// "True"), then the process exits. A second signal exits at once.
import { buildApp } from "./app.js";
import { banner } from "./banner.js";
import { ConfigError, loadConfig } from "./config.js";
import { DEMO_PATH, setDemoAccess } from "./http/routes/browser/index.js";
import { seed } from "./seed.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp({ config });
  const seeded = await seed(app.platform);
  // The demo host page plays a host's back end with the seeded key, for the demo company only.
  if (seeded.demoCompanyId) setDemoAccess(app.platform, { apiKey: seeded.apiKey, companyId: seeded.demoCompanyId });
  await app.listen({ port: config.port, host: config.host });
  const demoPageUrl = seeded.demoCompanyId ? `${config.publicUrl}${DEMO_PATH}` : undefined;
  process.stdout.write(`${banner({ publicUrl: config.publicUrl, databaseUrl: config.databaseUrl, seed: seeded, demoPageUrl })}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
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
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

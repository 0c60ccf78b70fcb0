// The one file of the kit that knows the server's source layout (packages/server/src): the
// in-process test server (server.ts), the test databases (database.ts) and the Connections UI
// fixtures (connections/) import the server's internals from here, so that a move in the
// server's source is fixed in this file alone. Everything else in the kit, and everything that
// uses the kit, knows only the kit. Runs from source (tsx), like the tests: nothing to build.
export { buildApp, type PlatformApp } from "../../server/src/http/app.js";
export { setDemoAccess } from "../../server/src/http/routes/browser/index.js";
export { CATALOGUE, findIntegration, platformFieldsOf } from "../../server/src/catalogue/integrations.js";
export { loadConfig } from "../../server/src/config.js";
export type { Clock, ServerContext } from "../../server/src/context.js";
export { createLogger } from "../../server/src/logger.js";
export { seed, type SeedResult } from "../../server/src/seed.js";
export { setCredentials } from "../../server/src/services/platform-apps.js";
export { setUpDemoPlatform } from "../../server/src/services/demo-platform.js";
export { openDatabase, type DialectName } from "../../server/src/storage/dialect.js";
export { migrateToLatest } from "../../server/src/storage/migrate.js";
export { createApiKey } from "../../server/src/storage/repositories/api-keys.js";
export { createClient } from "../../server/src/storage/repositories/clients.js";
export { createCompany } from "../../server/src/storage/repositories/companies.js";
export { createConnection, type ConnectionStatus } from "../../server/src/storage/repositories/connections.js";
export type { Database } from "../../server/src/storage/schema.js";

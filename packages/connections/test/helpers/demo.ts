// A test server that serves /demo exactly as `npm start` does: the first-start seed (default
// client, demo company, its allowed origins) and the demo's access to it.
import { setDemoAccess } from "../../../server/src/http/routes/browser/index.js";
import { seed, type SeedResult } from "../../../server/src/seed.js";
import { startTestServer, type TestServer } from "../../../server/test/helpers/server.js";

export async function startDemoServer(): Promise<{ server: TestServer; seeded: SeedResult & { demoCompanyId: string } }> {
  const server = await startTestServer();
  const seeded = await seed(server.app.platform);
  const { demoCompanyId } = seeded;
  if (!demoCompanyId) throw new Error("the seed made no demo company");
  setDemoAccess(server.app.platform, { apiKey: seeded.apiKey, companyId: demoCompanyId });
  return { server, seeded: { ...seeded, demoCompanyId } };
}

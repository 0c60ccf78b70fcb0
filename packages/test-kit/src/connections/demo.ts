// A test server (../server.ts) that serves the /demo host application exactly as `npm start`
// does (DEMO_PAGE=true): the first-start seed (default client, demo company, its allowed
// origins, the demo's own API key) and the demo's access to it.
import { startTestServer, type TestServer } from "../server.js";
import { seed, setDemoAccess, setUpDemoPlatform, type SeedResult } from "../server-source.js";

export async function startDemoServer(
  env: Record<string, string> = {},
): Promise<{ server: TestServer; seeded: SeedResult & { demoCompanyId: string; demoApiKey: string } }> {
  // As `npm start`: the demo page, and the demo platform (a real OAuth authorization server in
  // the server itself), which the server may call on loopback.
  const server = await startTestServer({ env: { DEMO_PAGE: "true", PLATFORM_ALLOW_PRIVATE_URLS: "true", ...env } });
  const context = server.app.context;
  const seeded = await seed(context, { demoPlatform: (clientId, db) => setUpDemoPlatform(context, clientId, db) });
  const { demoCompanyId, demoApiKey } = seeded;
  if (!demoCompanyId || !demoApiKey) throw new Error("the seed made no demo company or no demo key");
  setDemoAccess(server.app.context, { apiKey: demoApiKey, companyId: demoCompanyId });
  return { server, seeded: { ...seeded, demoCompanyId, demoApiKey } };
}

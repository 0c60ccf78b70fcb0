// A bare node:http server answering with fixed JSON bodies, the shapes the real server gives:
// `…/accessToken` paths get an access token, any other path the company of `GET /companies/{id}`
// (a realistic one: tags and two data connections). `startCannedServer()` runs it in the calling
// process; run as a script, it runs in a process of its own (so that it does not share the
// client's CPU) and prints its URL on stdout.
import { createServer } from "node:http";

export const COMPANY_ID = "237d4ef4-8e42-426c-9db0-1847e9957890";

const token = JSON.stringify({
  accessToken:
    "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4YTIxMGI2OC02OTg4LTExZWQtYTFlYi0wMjQyYWMxMjAwMDIiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl",
});

const connection = (id, integrationId, sourceId, platformName, integrationKey) => ({
  id,
  integrationId,
  sourceId,
  sourceType: "Accounting",
  platformName,
  linkUrl: `http://127.0.0.1:4000/companies/${COMPANY_ID}/connections/${id}/start`,
  status: "PendingAuth",
  created: "2026-11-30T11:02:12.750Z",
  integrationKey,
});

const company = JSON.stringify({
  id: COMPANY_ID,
  name: "Bank of Dave",
  redirect: `http://127.0.0.1:4000/companies/${COMPANY_ID}/link`,
  description: "Requested early access to the new financing scheme.",
  created: "2026-11-30T11:02:12.692Z",
  products: [],
  tags: { region: "uk", team: "invoice-finance" },
  referenceSubsidiaryCompanies: [],
  dataConnections: [
    connection("24bc812a-73e9-483c-bef0-2adcc20eb4e5", "8e3a1f4c-2b7d-4c9e-a5f0-6d1b3e8c9a03", "2c5e8a1d-4f7b-4e3c-9a6d-0b1f2e3d4c04", "Xero", "gbol"),
    connection("5a6c0467-244d-4afa-954c-af5e826d5ffc", "4f6b2f36-3b2e-4b8c-9d0a-5a1e4f2c7b01", "7a1c9e52-8d3f-4e6a-b2c4-1f0e9d8c7b02", "Sandbox", "mqjo"),
  ],
});

/** Listens on 127.0.0.1; resolves to `{ url, close() }`. */
export function startCannedServer() {
  const server = createServer((req, res) => {
    const body = req.url.endsWith("/accessToken") ? token : company;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startCannedServer();
  console.log(server.url);
  process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
}

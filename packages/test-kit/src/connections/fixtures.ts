// Data for the Connections UI on a test server (../server.ts), through the server's own
// repositories and API: a company with one connection per status and group, its client's
// allowed origins, tokens of both kinds, and what a test reads back (statuses, events).
import type { TestServer } from "../server.js";
import { createCompany, createConnection, findIntegration, platformFieldsOf, type ConnectionStatus } from "../server-source.js";

export type { ConnectionStatus };

export interface SeededConnection {
  id: string;
  key: string;
  status: ConnectionStatus;
}

export interface SeededCompany {
  companyId: string;
  /** By catalogue key. */
  connections: Record<string, SeededConnection>;
}

/** Xero Linked, sandbox Unlinked, TrueLayer Unlinked, Shopify Deauthorized, Stripe pending. */
export const DEFAULT_CONNECTIONS: readonly [string, ConnectionStatus][] = [
  ["gbol", "Linked"],
  ["mqjo", "Unlinked"],
  ["qudb", "Unlinked"],
  ["akxx", "Deauthorized"],
  ["wkdy", "PendingAuth"],
];

export async function seedCompany(
  server: TestServer,
  name: string,
  connections: readonly [string, ConnectionStatus][] = DEFAULT_CONNECTIONS,
): Promise<SeededCompany> {
  const now = new Date("2026-03-01T09:30:00.000Z");
  const company = await createCompany(server.db, server.clientId, { name, now });
  const seeded: Record<string, SeededConnection> = {};
  for (const [index, [key, status]] of connections.entries()) {
    const entry = findIntegration(key);
    if (!entry) throw new Error(`no catalogue entry ${key}`);
    const record = await createConnection(server.db, server.clientId, company.id, {
      ...platformFieldsOf(entry),
      status,
      lastSync: status === "PendingAuth" ? null : new Date(now.getTime() + (index + 1) * 86_400_000).toISOString(),
      now,
    });
    // Several connections of one platform: key the later ones by id.
    seeded[seeded[key] ? record.id : key] = { id: record.id, key, status };
  }
  return { companyId: company.id, connections: seeded };
}

export async function api(server: TestServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(server.url + path, {
    ...init,
    headers: { authorization: server.authHeader, "content-type": "application/json", ...init.headers },
  });
}

export async function setAllowedOrigins(server: TestServer, origins: string[]): Promise<void> {
  const response = await api(server, "/corsSettings", { method: "POST", body: JSON.stringify({ allowedOrigins: origins }) });
  if (!response.ok) throw new Error(`corsSettings: ${response.status} ${await response.text()}`);
}

/** The one-hour connection-management token, or the one-day company token. */
export async function accessToken(server: TestServer, companyId: string, kind: "connectionManagement" | "company" = "connectionManagement"): Promise<string> {
  const path = kind === "company" ? `/companies/${companyId}/accessToken` : `/companies/${companyId}/connectionManagement/accessToken`;
  const response = await api(server, path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export async function connectionStatus(server: TestServer, connectionId: string): Promise<string | undefined> {
  const row = await server.db.selectFrom("connections").select("status").where("id", "=", connectionId).executeTakeFirst();
  return row?.status;
}

export async function eventTypes(server: TestServer, companyId: string): Promise<string[]> {
  const rows = await server.db
    .selectFrom("webhook_events")
    .select("event_type")
    .where("company_id", "=", companyId)
    .orderBy("sequence")
    .execute();
  return rows.map((r) => r.event_type);
}

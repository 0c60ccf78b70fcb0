// Bulk fill for the scale benchmark: `count` companies of the default client, two connections
// each, written by one INSERT … SELECT per table over a generated sequence (no round trip per
// row), so a million companies take seconds. Ids are deterministic UUIDs, company n being
// c0000000-0000-4000-8000-<n in 12 hex digits>, so requests can name any company without a
// look-up. The connections copy one of the seeded demo company's.
import { sql, type RawBuilder } from "kysely";
import { openDatabase } from "../../packages/server/src/storage/dialect.js";

const COMPANY_PREFIX = "c0000000-0000-4000-8000-";

export const companyId = (n: number): string => `${COMPANY_PREFIX}${n.toString(16).padStart(12, "0")}`;

/** `size` company ids spread evenly over companies 1..count. */
export function workingSet(count: number, size: number): string[] {
  return Array.from({ length: size }, (_, i) => companyId(1 + Math.floor(((i + 0.5) * count) / size)));
}

export async function fillDatabase(databaseUrl: string, count: number): Promise<void> {
  const { db, dialect } = openDatabase(databaseUrl);
  try {
    // A UUID from a prefix and n; this and the sequence are the SQL the two engines spell differently.
    const uuid = (prefix: string, n: string): RawBuilder<string> =>
      dialect === "postgres" ? sql.raw(`'${prefix}' || lpad(to_hex(${n}), 12, '0')`) : sql.raw(`printf('${prefix}%012x', ${n})`);
    // Connection k (1 or 2) of company n: d000000k-0000-4000-8000-<n in 12 hex digits>.
    const connectionUuid =
      dialect === "postgres"
        ? sql.raw(`'d000000' || k || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0')`)
        : sql.raw(`printf('d000000%d-0000-4000-8000-%012x', k, n)`);
    const client = await db.selectFrom("clients").select("id").where("is_default", "=", 1).executeTakeFirstOrThrow();
    const template = await db.selectFrom("connections").selectAll().where("client_id", "=", client.id).limit(1).executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    // 1..count as rows `seq(n)`: PostgreSQL's generate_series, a recursive CTE on SQLite.
    const sequence =
      dialect === "postgres"
        ? sql`WITH seq AS (SELECT n FROM generate_series(1, ${count}::int) AS g(n))`
        : sql`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})`;
    await db.transaction().execute(async (trx) => {
      await sql`${sequence}
        INSERT INTO companies (id, client_id, name, description, tags, created_date, modified_date, last_sync)
        SELECT ${uuid(COMPANY_PREFIX, "n")}, ${client.id}, 'Company ' || n, '', '{}', ${now}, ${now}, NULL FROM seq`.execute(trx);
      // Both connections of a company in one statement, ordered by company: they land side by
      // side, as connections made with their company do.
      await sql`${sequence}
        INSERT INTO connections (id, client_id, company_id, integration_id, integration_key, source_id, source_type,
          platform_name, status, created_date, modified_date, last_sync, errors)
        SELECT ${connectionUuid}, ${client.id}, ${uuid(COMPANY_PREFIX, "n")},
          ${template.integration_id}, ${template.integration_key}, ${template.source_id}, ${template.source_type},
          ${template.platform_name}, ${template.status}, ${now}, ${now}, NULL, NULL
        FROM seq CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2) AS pair ORDER BY n, k`.execute(trx);
    });
    // Planner statistics, and on PostgreSQL the vacuum that autovacuum would otherwise start in
    // the middle of the measurements (a bulk insert triggers it) and the rows' hint bits.
    await (dialect === "postgres" ? sql`VACUUM (ANALYZE)` : sql`ANALYZE`).execute(db);
    // The fill's writes (a million rows leave about 1.5 GB of table, index and WAL pages dirty)
    // flushed to disk now rather than by the checkpointer and the kernel's writeback during the
    // first minutes of measurement. Needs a superuser or pg_checkpoint; skipped without.
    if (dialect === "postgres") await sql`CHECKPOINT`.execute(db).catch(() => undefined);
  } finally {
    await db.destroy();
  }
}

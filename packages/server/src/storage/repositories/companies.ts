// Companies of one client. Mutations take a `Kysely` that may be a transaction, so a service can
// write the change and its outbox event atomically.
import type { Kysely } from "kysely";
import { lockingRows } from "../dialect.js";
import { newId } from "../ids.js";
import { fetchPage, type PageRequest } from "../paging.js";
import { parseOrderBy, queryFilter } from "../query.js";
import type { Database } from "../schema.js";
import { saveCompanyTags, tagFilterExpression, type TagFilter } from "./company-tags.js";

export interface CompanyRecord {
  id: string;
  clientId: string;
  name: string;
  description: string;
  tags: Record<string, string>;
  created: string;
  modified: string;
  lastSync: string | null;
}

export interface CompanyInput {
  name: string;
  description?: string | undefined;
  tags?: Record<string, string> | undefined;
}

/** Public field names usable in `query` / `orderBy`, mapped to columns. */
const COLUMNS: Record<string, string> = {
  id: "id",
  name: "name",
  description: "description",
  created: "created_date",
  createdDate: "created_date",
  modifiedDate: "modified_date",
  lastSync: "last_sync",
};

function toRecord(row: Database["companies"]): CompanyRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as Record<string, string>,
    created: row.created_date,
    modified: row.modified_date,
    lastSync: row.last_sync,
  };
}

export async function createCompany(
  db: Kysely<Database>,
  clientId: string,
  input: CompanyInput & { now: Date; id?: string },
): Promise<CompanyRecord> {
  const now = input.now.toISOString();
  const row = {
    id: input.id ?? newId(),
    client_id: clientId,
    name: input.name,
    description: input.description ?? "",
    tags: JSON.stringify(input.tags ?? {}),
    created_date: now,
    modified_date: now,
    last_sync: null,
  };
  await db.insertInto("companies").values(row).execute();
  await saveCompanyTags(db, clientId, row.id, input.tags ?? {}, { replace: false });
  return toRecord(row);
}

export async function getCompany(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
): Promise<CompanyRecord | undefined> {
  const row = await db
    .selectFrom("companies")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("id", "=", companyId)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function companyExists(db: Kysely<Database>, clientId: string, companyId: string): Promise<boolean> {
  const row = await db
    .selectFrom("companies")
    .select("id")
    .where("client_id", "=", clientId)
    .where("id", "=", companyId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Holds the company until the transaction ends, so that concurrent writes to it see each other,
 * and says whether it (still) exists.
 */
export async function lockCompany(trx: Kysely<Database>, clientId: string, companyId: string): Promise<boolean> {
  const query = trx.selectFrom("companies").select("id").where("client_id", "=", clientId).where("id", "=", companyId);
  return (await lockingRows(trx, query).executeTakeFirst()) !== undefined;
}

/**
 * The id of the client owning `companyId`, whoever asks. Only for callers that have no client
 * yet and hold the company id as their capability: CORS preflights and the company link page.
 */
export async function findCompanyOwner(db: Kysely<Database>, companyId: string): Promise<string | undefined> {
  const row = await db.selectFrom("companies").select("client_id").where("id", "=", companyId).executeTakeFirst();
  return row?.client_id;
}

export async function countCompanies(db: Kysely<Database>, clientId: string): Promise<number> {
  const row = await db
    .selectFrom("companies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_id", "=", clientId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of the client's companies, those matching `tags` when given (`totalResults` counts
 * the matching ones); throws `QueryError` for a bad `query` / `orderBy`.
 */
export async function listCompanies(
  db: Kysely<Database>,
  clientId: string,
  request: PageRequest,
  tags?: TagFilter,
): Promise<{ results: CompanyRecord[]; totalResults: number }> {
  const order = parseOrderBy(request.orderBy, COLUMNS, "Company") ?? { column: "created_date", direction: "asc" };
  let base = db.selectFrom("companies").where("client_id", "=", clientId);
  if (request.query) base = base.where(queryFilter<Database, "companies">(request.query, COLUMNS, "Company"));
  if (tags) base = base.where(tagFilterExpression(clientId, tags));
  const { rows, totalResults } = await fetchPage<Database["companies"]>(base as never, order, request);
  return { results: rows.map(toRecord), totalResults };
}

/**
 * Applies the given fields (PUT passes all of them, PATCH only those sent). New tags replace
 * the searchable copy too: pass a transaction so that both change together.
 */
export async function updateCompany(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
  changes: Partial<CompanyInput> & { now: Date },
): Promise<CompanyRecord | undefined> {
  const set: Partial<Database["companies"]> = { modified_date: changes.now.toISOString() };
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.tags !== undefined) set.tags = JSON.stringify(changes.tags);
  const result = await db
    .updateTable("companies")
    .set(set)
    .where("client_id", "=", clientId)
    .where("id", "=", companyId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  if (changes.tags !== undefined) await saveCompanyTags(db, clientId, companyId, changes.tags, { replace: true });
  return getCompany(db, clientId, companyId);
}

/** Deletes the company (its connections go with it); false when it was not the client's. */
export async function deleteCompany(db: Kysely<Database>, clientId: string, companyId: string): Promise<boolean> {
  await db.deleteFrom("connections").where("client_id", "=", clientId).where("company_id", "=", companyId).execute();
  await db.deleteFrom("company_tags").where("client_id", "=", clientId).where("company_id", "=", companyId).execute();
  const result = await db
    .deleteFrom("companies")
    .where("client_id", "=", clientId)
    .where("id", "=", companyId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

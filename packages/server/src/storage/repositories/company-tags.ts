// The searchable copy of each company's tags: one row per tag, written by the company
// repository in the same statement sequence (and transaction) as the company's `tags` column,
// which stays what reads return. It lets `GET /companies?tags=…` filter with indexed, portable
// SQL, the same on SQLite and PostgreSQL, instead of engine-specific JSON functions.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../schema.js";

/** One comparison of the tags query language: `name=value`, `name!=value`, `name~value`. */
export interface TagComparison {
  name: string;
  operator: "=" | "!=" | "~";
  value: string;
}

/** A parsed tags query: comparisons joined by AND (`all`) and OR (`any`), nested as written. */
export type TagFilter = { comparison: TagComparison } | { all: TagFilter[] } | { any: TagFilter[] };

/** The lower-cased form `~` compares, computed here so both engines compare the same text. */
const folded = (value: string): string => value.toLowerCase();

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Writes the company's tags as rows; with `replace`, its previous rows go first. */
export async function saveCompanyTags(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
  tags: Record<string, string>,
  { replace }: { replace: boolean },
): Promise<void> {
  if (replace) await db.deleteFrom("company_tags").where("company_id", "=", companyId).execute();
  const rows = Object.entries(tags).map(([name, value]) => ({
    company_id: companyId,
    client_id: clientId,
    name,
    value,
    value_folded: folded(value),
  }));
  if (rows.length > 0) await db.insertInto("company_tags").values(rows).execute();
}

/** The ids of the client's companies whose tag `name` satisfies the comparison's operator. */
function companiesWithTag(eb: ExpressionBuilder<Database, "companies">, clientId: string, { name, operator, value }: TagComparison) {
  const withName = eb.selectFrom("company_tags").select("company_tags.company_id").where("company_tags.client_id", "=", clientId).where("company_tags.name", "=", name);
  if (operator === "~") {
    return withName.where(sql<SqlBool>`${sql.ref("company_tags.value_folded")} like ${`%${escapeLike(folded(value))}%`} escape '\\'`);
  }
  return withName.where("company_tags.value", "=", value);
}

/**
 * The WHERE expression over `companies` for a parsed tags query. `!=` is the negation of `=`:
 * a company without the tag matches `region!=uk`, so `t=x || t!=x` always holds. `~` is a
 * case-insensitive "contains" on the value, like the `query` parameter's.
 */
export function tagFilterExpression(clientId: string, filter: TagFilter): (eb: ExpressionBuilder<Database, "companies">) => Expression<SqlBool> {
  const build = (eb: ExpressionBuilder<Database, "companies">, node: TagFilter): Expression<SqlBool> => {
    if ("all" in node) return eb.and(node.all.map((child) => build(eb, child)));
    if ("any" in node) return eb.or(node.any.map((child) => build(eb, child)));
    const { comparison } = node;
    return eb("companies.id", comparison.operator === "!=" ? "not in" : "in", companiesWithTag(eb, clientId, comparison));
  };
  return (eb) => build(eb, filter);
}

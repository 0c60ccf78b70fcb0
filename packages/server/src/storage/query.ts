// The contract's list query language, reduced to what a relational filter can express safely:
//   query   = clause (("&&" | "||") clause)*      ("&&" binds tighter than "||")
//   clause  = field op value                      op: = != ~ (contains) > < >= <=
// Fields are mapped through a per-resource whitelist to columns, values are always bound
// parameters, and "~" compares case-insensitively on both engines.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";

export class QueryError extends Error {
  override name = "QueryError";
}

const OPERATORS = ["!=", ">=", "<=", "=", "~", ">", "<"] as const;
type Operator = (typeof OPERATORS)[number];

interface Clause {
  field: string;
  op: Operator;
  value: string;
}

function parseClause(text: string): Clause {
  for (const op of OPERATORS) {
    const at = text.indexOf(op);
    if (at > 0) {
      const field = text.slice(0, at).trim();
      const value = text.slice(at + op.length).trim();
      if (field && /^[A-Za-z][A-Za-z0-9.]*$/.test(field)) return { field, op, value };
    }
  }
  throw new QueryError(`Error parsing query - Malformed query.`);
}

/** Parses `query` into OR-of-AND groups of clauses. */
export function parseQuery(query: string): Clause[][] {
  if (query.length > 2000) throw new QueryError("Error parsing query - query is too long.");
  return query.split("||").map((group) => group.split("&&").map((part) => parseClause(part.trim())));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Builds a WHERE expression for `query` over the fields in `columns` (public field name →
 * column). Unknown fields raise `QueryError` naming the field, as the contract's example does.
 */
export function queryFilter<DB, TB extends keyof DB>(
  query: string,
  columns: Record<string, string>,
  resource: string,
): (eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool> {
  const groups = parseQuery(query);
  for (const clause of groups.flat()) {
    if (!Object.hasOwn(columns, clause.field)) {
      throw new QueryError(`Error parsing query - Could not resolve property ${clause.field} on ${resource}`);
    }
  }
  return (eb) =>
    eb.or(
      groups.map((group) =>
        eb.and(
          group.map(({ field, op, value }) => {
            const column = sql.ref(columns[field] as string);
            if (op === "~") {
              return sql<SqlBool>`lower(${column}) like ${`%${escapeLike(value.toLowerCase())}%`} escape '\\'`;
            }
            return sql<SqlBool>`${column} ${sql.raw(op === "!=" ? "<>" : op)} ${value}`;
          }),
        ),
      ),
    );
}

/** Parses `orderBy` (`field` or `-field`) against the whitelist; undefined when absent. */
export function parseOrderBy(
  orderBy: string | undefined,
  columns: Record<string, string>,
  resource: string,
): { column: string; direction: "asc" | "desc" } | undefined {
  if (!orderBy) return undefined;
  const descending = orderBy.startsWith("-");
  const field = descending ? orderBy.slice(1) : orderBy;
  const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
  if (!column) throw new QueryError(`Error parsing orderBy - Could not resolve property ${field} on ${resource}`);
  return { column, direction: descending ? "desc" : "asc" };
}

/** In-memory counterpart of `parseOrderBy`: a comparator for `orderBy` (`field` or `-field`), undefined when absent. */
export function compareBy<T extends object>(
  orderBy: string | undefined,
  fields: readonly (keyof T & string)[],
  resource: string,
): ((a: T, b: T) => number) | undefined {
  if (!orderBy) return undefined;
  const descending = orderBy.startsWith("-");
  const field = (descending ? orderBy.slice(1) : orderBy) as keyof T & string;
  if (!fields.includes(field)) throw new QueryError(`Error parsing orderBy - Could not resolve property ${field} on ${resource}`);
  const sign = descending ? -1 : 1;
  return (a, b) => {
    const x = String(a[field] ?? "");
    const y = String(b[field] ?? "");
    return x < y ? -sign : x > y ? sign : 0;
  };
}

/** In-memory counterpart of `queryFilter`, for lists that do not live in the database. */
export function matchesQuery<T extends object>(query: string, fields: readonly (keyof T & string)[], resource: string): (item: T) => boolean {
  const groups = parseQuery(query);
  for (const clause of groups.flat()) {
    if (!fields.includes(clause.field as keyof T & string)) {
      throw new QueryError(`Error parsing query - Could not resolve property ${clause.field} on ${resource}`);
    }
  }
  return (item) =>
    groups.some((group) =>
      group.every(({ field, op, value }) => {
        const actual = String((item as Record<string, unknown>)[field] ?? "");
        switch (op) {
          case "=": return actual === value;
          case "!=": return actual !== value;
          case "~": return actual.toLowerCase().includes(value.toLowerCase());
          case ">": return actual > value;
          case "<": return actual < value;
          case ">=": return actual >= value;
          case "<=": return actual <= value;
        }
      }),
    );
}

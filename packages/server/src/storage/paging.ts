// Paged list envelope shared by every list endpoint (contract: PagingInfo).
export interface PageRequest {
  page: number;
  pageSize: number;
  query?: string | undefined;
  orderBy?: string | undefined;
}

export interface Page<T> {
  results: T[];
  pageNumber: number;
  pageSize: number;
  totalResults: number;
  _links: Record<"self" | "current" | "next" | "previous", { href: string } | undefined>;
}

/** Other filters of a list (`tags` of the companies), carried over to its page links. */
export type ListFilters = Record<string, string | undefined>;

function href(basePath: string, request: PageRequest, page: number, filters: ListFilters): string {
  const params = new URLSearchParams({ page: String(page), pageSize: String(request.pageSize) });
  if (request.query) params.set("query", request.query);
  if (request.orderBy) params.set("orderBy", request.orderBy);
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return `${basePath}?${params.toString()}`;
}

/** Wraps one page of results with the HAL links the contract shows. */
export function toPage<T>(basePath: string, request: PageRequest, results: T[], totalResults: number, filters: ListFilters = {}): Page<T> {
  const lastPage = Math.max(1, Math.ceil(totalResults / request.pageSize));
  return {
    results,
    pageNumber: request.page,
    pageSize: request.pageSize,
    totalResults,
    _links: {
      self: { href: basePath },
      current: { href: href(basePath, request, request.page, filters) },
      next: request.page < lastPage ? { href: href(basePath, request, request.page + 1, filters) } : undefined,
      previous: request.page > 1 ? { href: href(basePath, request, Math.min(request.page - 1, lastPage), filters) } : undefined,
    },
  };
}

export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.pageSize;
}

/** Minimal view of a Kysely select over one table, enough to count and fetch one page. */
interface PageableQuery<Row> {
  select(selection: (eb: { fn: { countAll<T>(): { as(alias: "n"): unknown } } }) => unknown): {
    executeTakeFirstOrThrow(): Promise<unknown>;
  };
  selectAll(): {
    orderBy(column: never, direction: "asc" | "desc"): {
      orderBy(column: never): { limit(n: number): { offset(n: number): { execute(): Promise<Row[]> } } };
    };
  };
}

/** Counts the filtered rows and fetches the requested page, ordered by `order` then id. */
export async function fetchPage<Row>(
  base: PageableQuery<Row>,
  order: { column: string; direction: "asc" | "desc" },
  request: PageRequest,
): Promise<{ rows: Row[]; totalResults: number }> {
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow() as Promise<{ n: number | string }>,
    base
      .selectAll()
      .orderBy(order.column as never, order.direction)
      .orderBy("id" as never)
      .limit(request.pageSize)
      .offset(offsetOf(request))
      .execute(),
  ]);
  return { rows, totalResults: Number(count.n) };
}

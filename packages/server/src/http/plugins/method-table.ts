// Which methods each registered path answers, so that a wrong method on an existing path gets
// 405 with `Allow` instead of 404. Routes are collected as they are registered (`onRoute`) and
// compiled into one table at ready time; only requests the router did not match consult it.
import type { FastifyInstance } from "fastify";

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/companies/:companyId/x` → a regex matching one concrete path of that shape. */
function patternOf(url: string): RegExp {
  const source = url
    .split("/")
    .map((segment) => (segment === "*" ? ".*" : segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * Registers the route collector on `app` (before any route) and returns the look-up: the
 * `Allow` value for a path that exists under other methods, or undefined for an unknown path.
 */
export function collectMethodTable(app: FastifyInstance): (rawUrl: string) => string | undefined {
  const byUrl = new Map<string, Set<string>>();
  let table: PathMethods[] = [];
  app.addHook("onRoute", (route) => {
    // The CORS preflight catch-all answers OPTIONS on every path; it says nothing about paths.
    if (route.url.endsWith("*")) return;
    const methods = byUrl.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    byUrl.set(route.url, methods);
  });
  app.addHook("onReady", async () => {
    table = [...byUrl].map(([url, methods]) => ({ pattern: patternOf(url), methods }));
  });
  return (rawUrl) => {
    const query = rawUrl.indexOf("?");
    const path = query === -1 ? rawUrl : rawUrl.slice(0, query);
    const allowed = new Set<string>();
    for (const entry of table) if (entry.pattern.test(path)) for (const method of entry.methods) allowed.add(method);
    return allowed.size > 0 ? [...allowed].sort().join(", ") : undefined;
  };
}

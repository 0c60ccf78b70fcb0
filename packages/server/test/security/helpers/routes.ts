// The server's real routes, read from its own `/openapi.json` (generated from the route table),
// so a route added later is covered by the security tests without touching them. Schemas the
// document names (`$ref` to `components/schemas`) are read inline.
import assert from "node:assert/strict";
import type { AuthMode } from "../../../src/http/types.js";

export type JsonSchema = Record<string, unknown>;

export interface RouteInfo {
  method: string;
  /** OpenAPI template, e.g. `/companies/{companyId}`. */
  template: string;
  auth: AuthMode;
  pathParams: string[];
  querySchema: JsonSchema | undefined;
  bodySchema: JsonSchema | undefined;
}

interface OpenApiOperation {
  security?: Array<Record<string, unknown>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

function authOf(security: OpenApiOperation["security"]): AuthMode {
  const schemes = new Set((security ?? [{ auth_header: [] }]).flatMap((s) => Object.keys(s)));
  if (schemes.size === 0) return "none";
  if (schemes.has("auth_header") && schemes.has("bearer")) return "apiKeyOrBearer";
  return schemes.has("bearer") ? "bearer" : "apiKey";
}

export async function listRoutes(baseUrl: string): Promise<RouteInfo[]> {
  const response = await fetch(new URL("/openapi.json", baseUrl));
  assert.equal(response.status, 200);
  const document = (await response.json()) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const inline = (schema: JsonSchema | undefined) => schema && withoutRefs(schema, document.components?.schemas ?? {});
  const routes: RouteInfo[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const query = parameters.filter((p) => p.in === "query");
      routes.push({
        method: method.toUpperCase(),
        template,
        auth: authOf(operation.security),
        pathParams: parameters.filter((p) => p.in === "path").map((p) => p.name),
        querySchema: query.length
          ? { type: "object", properties: Object.fromEntries(query.map((p) => [p.name, inline(p.schema)])) }
          : undefined,
        bodySchema: inline(operation.requestBody?.content?.["application/json"]?.schema),
      });
    }
  }
  assert.ok(routes.length > 20, `expected the whole route table, got ${routes.length} operations`);
  return routes;
}

/** `schema` with every `$ref` to the document's `components/schemas` replaced by the schema it names. */
function withoutRefs(schema: unknown, components: Record<string, JsonSchema>): JsonSchema {
  if (Array.isArray(schema)) return schema.map((item) => withoutRefs(item, components)) as unknown as JsonSchema;
  if (typeof schema !== "object" || schema === null) return schema as JsonSchema;
  const ref = (schema as JsonSchema).$ref;
  if (typeof ref === "string") {
    const target = components[ref.replace("#/components/schemas/", "")];
    assert.ok(target, `${ref} is not in /openapi.json's components/schemas`);
    return withoutRefs(target, components);
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withoutRefs(value, components)]));
}

/** `/companies/{companyId}` with `{ companyId: "x" }` → `/companies/x` (values URI-encoded). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    assert.ok(value !== undefined, `no value for path parameter ${name} of ${template}`);
    return encodeURIComponent(value);
  });
}

export const routeName = (route: Pick<RouteInfo, "method" | "template">) => `${route.method} ${route.template}`;

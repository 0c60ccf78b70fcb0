// `/openapi.json`: this server's own OpenAPI 3.1 document, generated from the route schemas
// that also validate requests and serialise responses, so the document cannot drift from
// what the server does. Routes without a schema (assets, the document itself) are left out.
// The words come from the public contract where it has the operation (openapi-describe.ts),
// and the schemas it names go under `components/schemas` (openapi-components.ts).
import type { FastifyInstance, RouteOptions } from "fastify";
import type { AuthMode } from "../types.js";
import { registerApiReference } from "./api-reference.js";
import { describeSchemas, nameSchemas } from "./openapi-components.js";
import { contractText, type ContractText } from "./openapi-contract.js";
import { describeOperations, type DocPaths } from "./openapi-describe.js";
import { OWN_SCHEMA_NAMES } from "./openapi-own-text.js";

interface Operation {
  method: string;
  url: string;
  schema: NonNullable<RouteOptions["schema"]> & Record<string, unknown>;
  auth: AuthMode;
  operationId: string | undefined;
}

function parameters(location: "path" | "query", schema: unknown) {
  const object = schema as { properties?: Record<string, object>; required?: string[] } | undefined;
  return Object.entries(object?.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (object?.required ?? []).includes(name),
    schema: property,
  }));
}

function security(auth: AuthMode) {
  if (auth === "none") return [];
  if (auth === "bearer") return [{ bearer: [] }];
  if (auth === "apiKeyOrBearer") return [{ auth_header: [] }, { bearer: [] }];
  return [{ auth_header: [] }];
}

/**
 * A route's answer: `{ type: "null" }` (or a 204) has no body; a schema of nothing but a
 * description is a body the route passes on as it comes (the proxy's); any other is JSON. The
 * description of the answer itself is written by openapi-describe.ts.
 */
function toResponse(status: string, body: Record<string, unknown>) {
  if (status === "204" || body.type === "null") return {};
  const keys = Object.keys(body);
  if (keys.length === 1 && keys[0] === "description") return { description: body.description, content: { "*/*": { schema: {} } } };
  return { content: { "application/json": { schema: body } } };
}

function toOperation(op: Operation) {
  const { schema } = op;
  const response = (schema.response ?? {}) as Record<string, Record<string, unknown>>;
  return {
    operationId: op.operationId,
    summary: schema.summary,
    description: schema.description,
    tags: schema.tags,
    deprecated: schema.deprecated,
    security: security(op.auth),
    parameters: [...parameters("path", schema.params), ...parameters("query", schema.querystring)],
    ...(schema.body
      ? { requestBody: { required: true, content: { "application/json": { schema: schema.body } } } }
      : {}),
    responses: Object.fromEntries(Object.entries(response).map(([status, body]) => [status, toResponse(status, body)])),
  };
}

export function buildOpenApiDocument(operations: Operation[], serverUrl: string, contract: ContractText = contractText()) {
  const generated: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    // A trailing wildcard (the proxy's `/proxy/*`) stays as it is: a literal path to OpenAPI,
    // whose path parameters cannot hold a `/`; the operation's description says what follows.
    const path = op.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    (generated[path] ??= {})[op.method.toLowerCase()] = toOperation(op);
  }
  // A copy (without the fields a route leaves undefined): the route schemas themselves validate
  // and serialise, and must stay as they are.
  const paths = JSON.parse(JSON.stringify(generated)) as DocPaths;
  const { names, tags } = describeOperations(paths, contract);
  const own = OWN_SCHEMA_NAMES.map(([name, schema]) => [name, structuredClone(schema)] as [string, Record<string, unknown>]);
  const schemas = nameSchemas(paths, [...names, ...own]);
  describeSchemas(schemas, contract);
  return {
    openapi: "3.1.0",
    info: {
      title: "Platform API (self-hosted)",
      version: "1.0.0",
      description: "Companies, connections, settings and the company-scoped access tokens of the Connections SDK.",
    },
    servers: [{ url: serverUrl }],
    security: [{ auth_header: [] }],
    tags,
    paths,
    components: {
      schemas,
      securitySchemes: {
        auth_header: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: 'The word "Basic" followed by a space and the base64-encoded API key.',
        },
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "A company access token." },
      },
    },
  };
}

/** Starts collecting routes (call before registering them); `routes` serves the document and its reference page. */
export function collectOpenApi(app: FastifyInstance) {
  const operations: Operation[] = [];
  app.addHook("onRoute", (route) => {
    if (!route.schema || route.method === "HEAD") return;
    for (const method of [route.method].flat()) {
      if (method === "HEAD") continue;
      operations.push({
        method,
        url: route.url,
        schema: route.schema as Operation["schema"],
        auth: route.config?.auth ?? "apiKey",
        operationId: route.config?.operationId,
      });
    }
  });
  let document: string | undefined;
  return {
    routes: async (instance: FastifyInstance) => {
      instance.get("/openapi.json", { config: { auth: "none" } }, async (_request, reply) => {
        document ??= JSON.stringify(buildOpenApiDocument(operations, instance.context.config.publicUrl));
        return reply.type("application/json").send(document);
      });
      registerApiReference(instance);
    },
  };
}

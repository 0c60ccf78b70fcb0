// `/openapi.json`: this server's own OpenAPI 3.1 document, generated from the route schemas
// that also validate requests and serialise responses, so the document cannot drift from
// what the server does. Routes without a schema (assets, the document itself) are left out.
import type { FastifyInstance, RouteOptions } from "fastify";
import type { AuthMode } from "../types.js";

interface Operation {
  method: string;
  url: string;
  schema: NonNullable<RouteOptions["schema"]> & Record<string, unknown>;
  auth: AuthMode;
  operationId: string | undefined;
}

const STATUS_TEXT: Record<string, string> = {
  200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required",
  403: "Forbidden", 404: "Not Found", 409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error",
  503: "Service Unavailable",
};

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

function toOperation(op: Operation) {
  const { schema } = op;
  const response = (schema.response ?? {}) as Record<string, object>;
  return {
    operationId: op.operationId,
    summary: schema.summary,
    tags: schema.tags,
    security: security(op.auth),
    parameters: [...parameters("path", schema.params), ...parameters("query", schema.querystring)],
    ...(schema.body
      ? { requestBody: { required: true, content: { "application/json": { schema: schema.body } } } }
      : {}),
    responses: Object.fromEntries(
      Object.entries(response).map(([status, body]) => [
        status,
        status === "204" || (body as { type?: string }).type === "null"
          ? { description: STATUS_TEXT[status] ?? status }
          : { description: STATUS_TEXT[status] ?? status, content: { "application/json": { schema: body } } },
      ]),
    ),
  };
}

export function buildOpenApiDocument(operations: Operation[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    (paths[path] ??= {})[op.method.toLowerCase()] = toOperation(op);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Platform API (self-hosted)",
      version: "1.0.0",
      description: "Companies, connections, settings and the company-scoped access tokens of the Connections SDK.",
    },
    servers: [{ url: serverUrl }],
    security: [{ auth_header: [] }],
    paths,
    components: {
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

/** Starts collecting routes (call before registering them); `routes` serves the document. */
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
    },
  };
}

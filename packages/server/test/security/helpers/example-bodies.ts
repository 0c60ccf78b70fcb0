// One valid request body per route that takes one, so a request with good credentials reaches
// the handler (validation runs before it) and the answer says what the credentials allow.
import assert from "node:assert/strict";
import { routeName, type RouteInfo } from "./routes.js";

const EXAMPLES: Record<string, unknown> = {
  "POST /companies": { name: "Matrix Co" },
  "PUT /companies/{companyId}": { name: "Matrix Co" },
  "PATCH /companies/{companyId}": { description: "matrix" },
  "POST /companies/{companyId}/connections": { platformKey: "mqjo" },
  "PATCH /companies/{companyId}/connections/{connectionId}": { status: "Unlinked" },
  "PUT /companies/{companyId}/connections/{connectionId}/authorization": { username: "u", password: "p" },
  "POST /corsSettings": { allowedOrigins: ["https://matrix.example.com"] },
  "POST /connectionManagement/corsSettings": { allowedOrigins: ["https://matrix.example.com"] },
  "POST /apiKeys": { name: "matrix" },
  "POST /webhooks": { url: "http://127.0.0.1:9/matrix" },
  "PUT /integrations/{platformKey}/credentials": { clientId: "matrix-app", clientSecret: "matrix-secret" },
  "PUT /integrations/{platformKey}": {
    name: "Matrix platform",
    oauth: { authorizeUrl: "https://matrix.example.com/authorize", tokenUrl: "https://matrix.example.com/token", apiBaseUrl: "https://matrix.example.com/api" },
  },
};

/** The example body of `route` as JSON text, or undefined when the route takes none. */
export function exampleBody(route: RouteInfo): string | undefined {
  if (!route.bodySchema) return undefined;
  const example = EXAMPLES[routeName(route)];
  assert.ok(example !== undefined, `${routeName(route)} takes a body: add a valid example to test/security/helpers/example-bodies.ts`);
  return JSON.stringify(example);
}

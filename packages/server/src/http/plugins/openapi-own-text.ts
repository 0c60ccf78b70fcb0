// What `/openapi.json` says where the contract says nothing: the operations only this server
// has (health, keys, reconnect, the proxy, a platform's app credentials and definition, a
// client's own platforms), their tags and examples, the answers the contract does not list, and
// the names of this server's own schemas. The contract's words come first
// (openapi-contract.ts); a route's own `description` comes before these.
import { MESSAGES, errorBody } from "../../errors.js";
import type { Example, TagText } from "./openapi-contract.js";
import { credentialsBody, customPlatformBody, oauthDefinition, platformCredentials } from "../schemas/platforms.js";

/** By operation id, or `METHOD /path/{template}` for a route without one. */
export const OWN_OPERATIONS: Record<string, { operationId?: string; description: string }> = {
  "GET /healthz": {
    operationId: "get-health",
    description:
      'Answers `{ "status": "ok" }` while the process is up and taking requests, without touching the database: the liveness probe. ' +
      "A node that is shutting down answers 503 instead.",
  },
  "GET /readyz": {
    operationId: "get-readiness",
    description:
      'Answers `{ "status": "ready" }` when the database answers a query, 503 otherwise: the readiness probe, and the health check a load balancer should use.',
  },
  "GET /.well-known/jwks.json": {
    operationId: "get-jwks",
    description:
      "The public keys (a JWK Set of Ed25519 keys) that verify the access tokens this server signs: `EdDSA`, the token's `kid` header names its key. " +
      "A key rotated out (`npm run admin -- rotate-signing-key`) stays listed until the last token it signed has expired. Cacheable for 60 seconds.",
  },
  "reconnect-connection": {
    description:
      "Brings an `Unlinked` or `Deauthorized` connection back to `Linked`. The sandbox platform links again at once; any other platform answers with the connection as it is, " +
      "and its `linkUrl` starts the authorization at the platform, where the company's owner consents again (with the same platform account: another one is refused). " +
      "Callable with the API key or with the company's access token, as the Connections UI does.",
  },
};

export const OWN_TAGS: TagText[] = [
  { name: "Health", description: "Liveness and readiness probes for orchestrators and load balancers (no authentication)." },
  { name: "Tokens", description: "The public keys that verify the access tokens this server issues (no authentication)." },
];

/** Request examples of this server's own operations, by operation id. */
export const OWN_REQUEST_EXAMPLES: Record<string, Record<string, Example>> = {
  "set-integration-credentials": {
    "Default scopes": { value: { clientId: "YOUR_XERO_CLIENT_ID", clientSecret: "YOUR_XERO_CLIENT_SECRET" } },
    "Scopes of your own": {
      value: { clientId: "YOUR_XERO_CLIENT_ID", clientSecret: "YOUR_XERO_CLIENT_SECRET", scopes: ["openid", "offline_access", "accounting.transactions.read"] },
    },
  },
  "put-custom-integration": {
    "A platform of your own": {
      value: {
        name: "Ledgerly",
        sourceType: "Accounting",
        oauth: {
          authorizeUrl: "https://login.ledgerly.example/oauth/authorize",
          tokenUrl: "https://login.ledgerly.example/oauth/token",
          revocationUrl: "https://login.ledgerly.example/oauth/revoke",
          apiBaseUrl: "https://api.ledgerly.example/v1",
          scopes: ["ledger.read", "offline_access"],
          tokenResponseFields: [{ name: "ledger_id" }],
          identity: "ledger_id",
        },
      },
    },
  },
};

/** Response examples of this server's own operations, by operation id and status. */
export const OWN_RESPONSE_EXAMPLES: Record<string, Record<string, Record<string, Example>>> = {
  "get-integration-credentials": {
    200: {
      "App credentials": {
        value: {
          platformKey: "gbol",
          clientId: "YOUR_XERO_CLIENT_ID",
          clientSecretSet: true,
          scopes: null,
          redirectUri: "https://connect.example.com/oauth/callback",
          created: "2024-05-02T09:30:00.000Z",
          modified: "2024-05-02T09:30:00.000Z",
        },
      },
    },
  },
  "get-health": { 200: { Alive: { value: { status: "ok" } } } },
  "get-readiness": { 200: { Ready: { value: { status: "ready" } } } },
};

/** What an answer means when the contract does not say it for the operation. */
export const STATUS_DESCRIPTIONS: Record<string, string> = {
  200: "OK",
  201: "Created",
  204: "No Content: done; the answer has no body.",
  400: "The request is not valid: a path, query or body value breaks its schema, or a list's `query` could not be parsed. `validation.errors` names each problem. Nothing was changed.",
  401: "The `Authorization` header is missing or not valid: an unknown or deleted API key, or a company access token that is expired, malformed or not this server's.",
  402: "An account limit has been exceeded: one company more than `MAX_COMPANIES_PER_CLIENT` allows.",
  403: "The credentials are valid but not for this resource: a company's access token used for another company.",
  404: "One or more of the resources you referenced could not be found (a resource of another client is not found either).",
  409: "The request conflicts with the resource's current state: a connection that is not linked, a built-in platform's key, a platform still in use.",
  413: "The request body is larger than the server takes (`BODY_LIMIT_BYTES`; `PROXY_BODY_LIMIT_BYTES` through the proxy).",
  429: "Too many requests: past `RATE_LIMIT_PER_MINUTE` for this API key (or company), or too many failed authentications from this address. `Retry-After` says when to try again.",
  500: "An unexpected error on the server; its `correlationId` finds it in the server's log.",
  502: "The platform could not be reached, broke off its answer, or answered more than the proxy relays (`PROXY_RESPONSE_LIMIT_BYTES`).",
  503: 'The server is shutting down (`canBeRetried: "True"`: retry, another node takes it), or its database is not reachable.',
  504: "The platform did not answer within `PROXY_TIMEOUT_MS`.",
};

/** A correlation id of the contract's own examples: 32 hexadecimal characters. */
const EXAMPLE_CORRELATION_ID = "bc997528a9d7abb9161ef45f05d38599";

/** The error body this server answers with `status`, as an example (for statuses the contract shows none of). */
export function errorExample(status: number): Example {
  const message = (MESSAGES as Record<number, string>)[status] ?? STATUS_DESCRIPTIONS[status] ?? "Error";
  const canBeRetried = status === 502 || status === 503 || status === 504 ? "True" : "Unknown";
  return { value: errorBody(status, message, EXAMPLE_CORRELATION_ID, { canBeRetried }) };
}

/** This server's own schemas, under the names the SDK's models give them. */
export const OWN_SCHEMA_NAMES: Array<[string, object]> = [
  ["OAuthDefinition", oauthDefinition],
  ["PlatformCredentials", platformCredentials],
  ["SetPlatformCredentials", credentialsBody],
  ["CustomPlatformRequest", customPlatformBody],
];

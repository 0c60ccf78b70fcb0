import type { CodatPlatformCore } from "../core.js";
import { SDKValidationError } from "../errors/validation.js";
import { toFailure } from "../lib/failures.js";
import { operation, queryString } from "../lib/operation.js";
import { callHeaders, callSignal, mergeHeaders, type RequestOptions } from "../lib/options.js";
import { authorizationOf, baseURLOf, inBrowser, send, type APIFailure, type Exchange } from "../lib/request.js";
import { readResponse } from "../lib/response.js";
import { err, ok, type Result } from "../lib/result.js";
import type { RetryConfig } from "../lib/retries.js";
import { validate } from "../lib/validate.js";
import { ConnectionProxyTarget } from "../models/requests.js";

export type ProxyMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
export type ProxyQueryValue = string | number | boolean;

/** A call to a connection's platform through the proxy. */
export interface ConnectionProxyRequest {
  companyId: string;
  connectionId: string;
  /**
   * The platform API's path, under its API base (whose own path is kept): for Xero
   * `/api.xro/2.0/Invoices`, for QuickBooks (base `…/v3/company/{realmId}`) `/query`. Sent as
   * given, so encode segments yourself; it may carry a query string.
   */
  path: string;
  /** Default `GET`. */
  method?: ProxyMethod;
  /** Added to the query string (an array repeats the name); `null` and `undefined` are left out. */
  query?: Record<string, ProxyQueryValue | readonly ProxyQueryValue[] | null | undefined>;
  /**
   * A string, bytes, `Blob`, `FormData`, `URLSearchParams` or `ReadableStream`, sent as is; a
   * plain object or array is sent as JSON (with `Content-Type: application/json` unless
   * `headers` sets one).
   */
  body?: BodyInit | Record<string, unknown> | readonly unknown[] | null;
  /**
   * Headers for the platform. The proxy forwards only `Accept`, `Accept-Encoding`,
   * `Accept-Language`, `Content-Type`, `Content-Encoding`, `Content-Length`, the conditional
   * ones (`If-Match`, `If-None-Match`, `If-Modified-Since`, `If-Unmodified-Since`, `If-Range`,
   * `Range`), `Prefer`, `Idempotency-Key` and `User-Agent`; it adds the connection's
   * `Authorization` and the platform's own headers itself.
   */
  headers?: HeadersInit;
}

/** The header the proxy sets on every answer that comes from the platform. */
export const PROXY_SOURCE_HEADER = "x-proxy-source";

/** The proxy's own refusals, each an `ErrorMessage`. */
const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connections/{connectionId}/proxy/{path}",
  status: 200,
  errors: [400, 401, 402, 403, 404, 409, 413, 429, 500, 502, 503, 504],
});

const NO_RETRIES: RetryConfig = { strategy: "none" };

function isJsonBody(body: unknown): body is Record<string, unknown> | readonly unknown[] {
  if (Array.isArray(body)) return true;
  if (body === null || typeof body !== "object") return false;
  const prototype = Object.getPrototypeOf(body) as unknown;
  return prototype === Object.prototype || prototype === null;
}

const INVALID = "Invalid request to the connection proxy";

/**
 * Call a connection's platform through the proxy, with the connection's grant:
 * `{method} /companies/{companyId}/connections/{connectionId}/proxy{path}`. The server adds the
 * access token (renewed when needed) and the platform's per-connection headers; your API key
 * never reaches the platform.
 *
 * The value is the platform's answer as a `Response`, whatever its status (a 404 from the
 * platform is a value, not an error): read it with `json()`, `text()`, `arrayBuffer()` or its
 * `body` stream. The proxy's own refusals are errors: `ErrorMessage` with 400 (the path leaves
 * the platform's API), 401, 404 (no such connection for this API key), 409 (not linked), 413
 * (body too large), 502 (platform unreachable) or 504 (no answer in time); a `Response` from the
 * platform carries `X-Proxy-Source: platform`, those do not.
 *
 * Not retried unless `options.retries` says so (the client's `retryConfig` does not apply:
 * retrying a platform call is the caller's decision); a `ReadableStream` body cannot be sent
 * twice. `timeoutMs` bounds the wait for the answer's head; the call's `signal` also
 * cancels reading its body.
 */
export async function connectionsProxy(
  client: CodatPlatformCore,
  request: ConnectionProxyRequest,
  options?: RequestOptions,
): Promise<Result<Response, APIFailure>> {
  const checked = validate(ConnectionProxyTarget, request);
  if (!checked.ok) return err(new SDKValidationError(INVALID, checked.cause, request));
  const method = request.method ?? "GET";
  const exchange: Exchange = {};
  let url: string | undefined;
  try {
    const proxy = `${baseURLOf(client, options)}/companies/${encodeURIComponent(request.companyId)}/connections/${encodeURIComponent(request.connectionId)}/proxy`;
    url = proxy + (request.path.startsWith("/") ? request.path : `/${request.path}`);
    // fetch resolves `..` (and `%2e%2e`, `\`) itself: a path that would climb out of the proxy
    // would call another operation of the API with the API key. Refused here, unsent.
    const prefix = new URL(proxy).pathname;
    const target = new URL(url).pathname;
    if (target !== prefix && !target.startsWith(`${prefix}/`)) {
      const issue = { path: [{ key: "path" }], message: "must stay under the platform's API (no '..' climbing out of it)" };
      return err(new SDKValidationError(INVALID, { issues: [issue] }, request));
    }
    const query = queryString(request.query ?? {});
    if (query) url += `${url.includes("?") ? "&" : "?"}${query}`;

    const headers = mergeHeaders(request.headers, callHeaders(options) ?? []);
    let body = request.body as BodyInit | null | undefined;
    if (isJsonBody(request.body)) {
      body = JSON.stringify(request.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    if (!inBrowser && !headers.has("user-agent")) headers.set("user-agent", client._userAgent);
    const auth = await authorizationOf(client);
    if (auth) headers.set("authorization", auth);
    const init: RequestInit & { duplex?: "half" } = { method, headers };
    if (body !== undefined && body !== null) {
      init.body = body;
      // A stream is sent as it is read (fetch wants that said).
      if (typeof (body as { getReader?: unknown }).getReader === "function") init.duplex = "half";
    }
    const response = await send(client, url, init, options, options?.retries ?? NO_RETRIES, exchange);
    // The clock bounded the wait for the head; the caller's signal still cancels reading the body.
    exchange.deadline?.stopClock();
    if (response.headers.get(PROXY_SOURCE_HEADER) === "platform" || (response.status >= 200 && response.status < 300)) return ok(response);
    const refused = await readResponse(spec, response);
    return refused.ok ? ok(response) : refused;
  } catch (error) {
    exchange.deadline?.clear();
    return err(toFailure(error, callSignal(options), exchange.deadline, `${method} ${url ?? "the connection proxy"}`) as APIFailure);
  }
}

// The one request path. `send` makes an exchange happen: per-attempt deadline, the caller's
// signal, retries, the debug log, failures mapped to the client's errors. `invoke` runs an
// operation through it: validate, build, authenticate, send, read. The connection proxy sends
// its own requests (any method, body and answer) through `send` too.
import type { CodatPlatformCore } from "../core.js";
import { SDKValidationError } from "../errors/validation.js";
import type { Operation } from "./operation.js";
import { BROWSER_BUILD } from "./build-target.js";
import { buildPath } from "./operation.js";
import { Deadline, toFailure, type TransportFailure } from "./failures.js";
import { callHeaders, callSignal, fetchFieldsOf, mergeHeaders, type RequestOptions } from "./options.js";
import { readResponse, type ResponseFailure } from "./response.js";
import { err, type Result } from "./result.js";
import { DEFAULT_RETRY_CODES, DEFAULT_RETRY_CONFIG, withRetries, type RetryConfig } from "./retries.js";
import { validate } from "./validate.js";

/** Every error a standalone function can return. */
export type APIFailure = ResponseFailure | SDKValidationError | TransportFailure;

/** Browsers (and workers) send their own User-Agent and would preflight a custom one. */
export const inBrowser =
  BROWSER_BUILD ||
  typeof (globalThis as { document?: unknown }).document !== "undefined" ||
  typeof (globalThis as { importScripts?: unknown }).importScripts === "function";

/** The base URL of a call: its own `serverURL`, else the client's. */
export function baseURLOf(client: CodatPlatformCore, options: RequestOptions | undefined): string {
  return options?.serverURL ? client._serverURL(options.serverURL) : client._baseURL;
}

/** The `Authorization` value, when the client has one (a function is called once per call). */
export async function authorizationOf(client: CodatPlatformCore): Promise<string | undefined> {
  const authHeader = client._options.authHeader;
  return typeof authHeader === "function" ? await authHeader() : authHeader;
}

/** The deadline of the attempt in flight, for the caller to clear (or stop) once done with the answer. */
export interface Exchange {
  deadline?: Deadline | undefined;
}

/**
 * Sends `init` to `target` until an answer stops the retries (see `withRetries`), and returns
 * that response, its body unread. Throws the client's errors (`toFailure`). The attempt's
 * deadline is left running in `exchange`: it bounds reading the body too.
 */
export async function send(
  client: CodatPlatformCore,
  target: string,
  init: RequestInit,
  options: RequestOptions | undefined,
  retries: RetryConfig,
  exchange: Exchange,
): Promise<Response> {
  const caller = callSignal(options);
  const request: RequestInit = options ? { ...fetchFieldsOf(options), ...init } : init;
  const timeoutMs = options?.timeoutMs ?? client._options.timeoutMs ?? 0;
  const logger = client._options.debugLogger;
  const started = logger ? Date.now() : 0;
  logger?.log(`> ${init.method} ${target}`);
  const attempt = () => {
    exchange.deadline?.clear();
    const current = (exchange.deadline = timeoutMs > 0 ? new Deadline(timeoutMs, caller) : undefined);
    return client._httpClient.request(target, current ? { ...request, signal: current.signal } : request).catch((error) => {
      throw toFailure(error, caller, current, `${init.method} ${target}`);
    });
  };
  const log = logger && ((line: string) => logger.log(`! ${init.method} ${target}: ${line}`));
  const response = await withRetries(attempt, retries, options?.retryCodes ?? DEFAULT_RETRY_CODES, caller, log);
  logger?.log(`< ${response.status} ${init.method} ${target} (${Date.now() - started} ms)`);
  return response;
}

// Synchronous on purpose: one less promise per call on the hot path.
function headersFor(hasBody: boolean, auth: string | undefined, userAgent: string, extra: HeadersInit[] | undefined) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (hasBody) headers["content-type"] = "application/json";
  if (auth) headers.authorization = auth;
  if (!inBrowser) headers["user-agent"] = userAgent;
  return extra ? mergeHeaders(headers, extra) : headers;
}

function bodyOf(op: Operation<unknown, unknown>, request: unknown): string | undefined {
  if (!op.body) return undefined;
  const value = op.body === "request" ? request : (request as Record<string, unknown> | undefined)?.[op.body];
  return value === undefined ? undefined : JSON.stringify(value);
}

export async function invoke<Req, Res>(
  client: CodatPlatformCore,
  op: Operation<Req, Res>,
  input: Req,
  options?: RequestOptions,
): Promise<Result<Res, APIFailure>> {
  const exchange: Exchange = {};
  let url: string | undefined;
  try {
    let request: unknown = input;
    if (op.request) {
      const checked = validate(op.request, input);
      if (!checked.ok) return err(new SDKValidationError(`Invalid request to ${op.method} ${op.path}`, checked.cause, input));
      request = checked.value;
    }
    const generic = op as Operation<unknown, unknown>;
    url = baseURLOf(client, options) + buildPath(generic, request as Record<string, unknown> | undefined);
    const body = bodyOf(generic, request);
    const headers = headersFor(body !== undefined, await authorizationOf(client), client._userAgent, callHeaders(options));
    const retries = options?.retries ?? client._options.retryConfig ?? DEFAULT_RETRY_CONFIG;
    const response = await send(client, url, { method: op.method, headers, body }, options, retries, exchange);
    return await readResponse(op, response);
  } catch (error) {
    return err(toFailure(error, callSignal(options), exchange.deadline, `${op.method} ${url ?? op.path}`) as APIFailure);
  } finally {
    exchange.deadline?.clear();
  }
}

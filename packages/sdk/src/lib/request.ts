// The one request path: validate, build, authenticate, send (with timeout, abort and retries),
// then read. Every operation of the client runs through `invoke`.
import type { CodatPlatformCore } from "../core.js";
import { SDKValidationError } from "../errors/validation.js";
import type { Operation } from "./operation.js";
import { buildPath } from "./operation.js";
import { Deadline, toFailure, type TransportFailure } from "./failures.js";
import { callHeaders, callSignal, fetchFieldsOf, type RequestOptions } from "./options.js";
import { readResponse, type ResponseFailure } from "./response.js";
import { err, type Result } from "./result.js";
import { DEFAULT_RETRY_CODES, DEFAULT_RETRY_CONFIG, withRetries } from "./retries.js";
import { validate } from "./validate.js";

/** Every error a standalone function can return. */
export type APIFailure = ResponseFailure | SDKValidationError | TransportFailure;

// Browsers (and workers) send their own User-Agent and would preflight a custom one.
const inBrowser =
  typeof (globalThis as { document?: unknown }).document !== "undefined" ||
  typeof (globalThis as { importScripts?: unknown }).importScripts === "function";

// Synchronous on purpose: one less promise per call on the hot path (the auth header, when a
// function, is awaited by the caller).
function headersFor(hasBody: boolean, auth: string | undefined, userAgent: string, extra: HeadersInit[] | undefined) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (hasBody) headers["content-type"] = "application/json";
  if (auth) headers.authorization = auth;
  if (!inBrowser) headers["user-agent"] = userAgent;
  if (!extra) return headers;
  const merged = new Headers(headers);
  for (const set of extra) new Headers(set).forEach((v, k) => merged.set(k, v));
  return merged;
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
  const caller = callSignal(options);
  let deadline: Deadline | undefined;
  let url: string | undefined;
  try {
    let request: unknown = input;
    if (op.request) {
      const checked = validate(op.request, input);
      if (!checked.ok) return err(new SDKValidationError(`Invalid request to ${op.method} ${op.path}`, checked.cause, input));
      request = checked.value;
    }
    const generic = op as Operation<unknown, unknown>;
    const base = options?.serverURL ? client._serverURL(options.serverURL) : client._baseURL;
    const target = (url = base + buildPath(generic, request as Record<string, unknown> | undefined));
    const authHeader = client._options.authHeader;
    const auth = typeof authHeader === "function" ? await authHeader() : authHeader;
    const body = bodyOf(generic, request);
    const headers = headersFor(body !== undefined, auth, client._userAgent, callHeaders(options));
    const init: RequestInit = options ? { ...fetchFieldsOf(options), method: op.method, headers, body } : { method: op.method, headers, body };
    const timeoutMs = options?.timeoutMs ?? client._options.timeoutMs ?? 0;
    const logger = client._options.debugLogger;
    const started = logger ? Date.now() : 0;
    logger?.log(`> ${op.method} ${target}`);

    const attempt = () => {
      deadline?.clear();
      const current = (deadline = timeoutMs > 0 ? new Deadline(timeoutMs, caller) : undefined);
      return client._httpClient.request(target, current ? { ...init, signal: current.signal } : init).catch((error) => {
        throw toFailure(error, caller, current, `${op.method} ${target}`);
      });
    };
    const retries = options?.retries ?? client._options.retryConfig ?? DEFAULT_RETRY_CONFIG;
    const log = logger && ((line: string) => logger.log(`! ${op.method} ${target}: ${line}`));
    const response = await withRetries(attempt, retries, options?.retryCodes ?? DEFAULT_RETRY_CODES, caller, log);
    logger?.log(`< ${response.status} ${op.method} ${target} (${Date.now() - started} ms)`);
    return await readResponse(op, response);
  } catch (error) {
    return err(toFailure(error, caller, deadline, `${op.method} ${url ?? op.path}`) as APIFailure);
  } finally {
    deadline?.clear();
  }
}

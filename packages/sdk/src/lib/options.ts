import type { HTTPClient } from "./http-client.js";
import type { RetryConfig } from "./retries.js";

/** The servers the API is served from; `serverIdx` picks one. */
export const ServerList = ["https://api.codat.io"] as const;

export const SDK_VERSION = "5.0.0";

/** Where `debugLogger` output goes: `console` fits. */
export interface Logger {
  log(...args: unknown[]): void;
  group(...args: unknown[]): void;
  groupEnd(): void;
}

/** The client's options: `new CodatPlatform(options)`. */
export interface SDKOptions {
  /**
   * `Basic <base64 API key>`, or a function (sync or async) returning it, called once per
   * operation: for keys kept in a secret store.
   */
  authHeader?: string | (() => string | Promise<string>) | undefined;
  /** The API's base URL (a path prefix is kept); overrides `serverIdx` and the `CODAT_SERVER_URL` environment variable. */
  serverURL?: string | undefined;
  /** An index into `ServerList`. */
  serverIdx?: number | undefined;
  /**
   * Retries for every operation unless a call gives its own `retries`. Default: the official
   * clients' backoff (500 ms, ×1.5, at most 60 s per wait, for at most one hour), connection
   * errors included, on 408, 429 and 5XX.
   */
  retryConfig?: RetryConfig | undefined;
  /** Per attempt, in ms; unset or not positive: no timeout. A call's `timeoutMs` overrides it. */
  timeoutMs?: number | undefined;
  /** The fetch wrapper every request goes through (a custom `fetcher`, hooks). */
  httpClient?: HTTPClient | undefined;
  /**
   * Logs each request and response (method, URL, status, time) and every retry (attempt,
   * reason, wait); never headers, so never the API key.
   */
  debugLogger?: Logger | undefined;
  /** The `User-Agent` sent outside browsers (browsers keep their own). */
  userAgent?: string | undefined;
}

/** The `fetch` options a call may set: any `RequestInit` field but the method and the body. */
export type FetchOptions = Omit<RequestInit, "method" | "body">;

/**
 * The options of one call, the last argument of every method and standalone function. Both
 * official clients' forms are honoured: 6.x's flat `RequestInit` fields (`headers`, `signal`,
 * ...) and 4.x's `fetchOptions`; when both set a header, the flat one wins.
 */
export interface RequestOptions extends FetchOptions {
  /** Per attempt, in ms, instead of the client's `timeoutMs`; the call fails with `RequestTimeoutError` when it elapses. */
  timeoutMs?: number | undefined;
  /** Retries for this call instead of the client's `retryConfig` (`{ strategy: "none" }`: none). */
  retries?: RetryConfig | undefined;
  /** The statuses to retry for this call, exact (`"503"`) or by class (`"5XX"`). Default: `408`, `429`, `5XX`. */
  retryCodes?: string[] | undefined;
  /** The base URL for this call instead of the client's. */
  serverURL?: string | URL | undefined;
  /**
   * `RequestInit` fields for the underlying `fetch` (4.x's form; 6.x flattened them into these
   * options): extra `headers`, merged over the client's, a `signal` that cancels the call, ...
   */
  fetchOptions?: FetchOptions | undefined;
  /** The fetch priority hint of the request: `"high"`, `"low"` or `"auto"` (the default). */
  priority?: RequestPriority | undefined;
}

/**
 * The `fetch` fields of a call's options, `fetchOptions` overlaid by the flat ones, without the
 * client's own options and without headers (merged separately, see `callHeaders`).
 */
export function fetchFieldsOf(options: RequestOptions): Omit<FetchOptions, "headers"> {
  const { timeoutMs: _t, retries: _r, retryCodes: _c, serverURL: _s, fetchOptions, headers: _h, ...flat } = options;
  if (!fetchOptions) return flat;
  const { headers: _fh, ...nested } = fetchOptions;
  return { ...nested, ...flat };
}

/** The call's extra headers, `fetchOptions.headers` then the flat `headers` over them, or undefined. */
export function callHeaders(options: RequestOptions | undefined): HeadersInit[] | undefined {
  const nested = options?.fetchOptions?.headers;
  const flat = options?.headers;
  if (!nested && !flat) return undefined;
  return nested && flat ? [nested, flat] : [(nested ?? flat) as HeadersInit];
}

/** `base` with each set of `extra` headers over it, in order. */
export function mergeHeaders(base: HeadersInit | undefined, extra: readonly HeadersInit[]): Headers {
  const merged = new Headers(base);
  for (const set of extra) new Headers(set).forEach((value, name) => merged.set(name, value));
  return merged;
}

/** The signal that cancels the call: the flat `signal`, else `fetchOptions.signal`. */
export function callSignal(options: RequestOptions | undefined): AbortSignal | undefined {
  return options?.signal ?? options?.fetchOptions?.signal ?? undefined;
}

/** Read guardedly: browsers and edge runtimes have no `process`. */
function environmentServerURL(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.CODAT_SERVER_URL || undefined;
}

/** The base URL, without a trailing slash, that operation paths are appended to. */
export function serverURLFromOptions(options: Pick<SDKOptions, "serverURL" | "serverIdx">): string {
  let url = options.serverURL;
  if (!url && options.serverIdx !== undefined) {
    url = ServerList[options.serverIdx];
    if (url === undefined) throw new RangeError(`serverIdx ${options.serverIdx} is not in ServerList`);
  }
  url ||= environmentServerURL() || ServerList[0];
  return normaliseBaseURL(url);
}

export function normaliseBaseURL(url: string | URL): string {
  const parsed = new URL(url); // throws a TypeError on a malformed URL, early
  return parsed.href.replace(/\/+$/, "");
}

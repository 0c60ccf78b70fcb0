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

export interface SDKOptions {
  /** `Basic <base64 API key>`, or a function returning it (called once per operation). */
  authHeader?: string | (() => string | Promise<string>);
  /** The API's base URL; overrides `serverIdx` and the `CODAT_SERVER_URL` environment variable. */
  serverURL?: string;
  /** An index into `ServerList`. */
  serverIdx?: number;
  /** Retries for every operation unless a call gives its own. Default: the reference backoff. */
  retryConfig?: RetryConfig;
  /** Per attempt; unset or not positive: no timeout. */
  timeoutMs?: number;
  httpClient?: HTTPClient;
  /** Logs each request and response (method, URL, status, timing); never the auth header. */
  debugLogger?: Logger;
  /** The `User-Agent` sent outside browsers (browsers keep their own). */
  userAgent?: string;
}

export interface RequestOptions {
  /** Any `RequestInit` field but `method` and `body`; its headers are merged over the client's. */
  fetchOptions?: Omit<RequestInit, "method" | "body">;
  retries?: RetryConfig;
  /** Statuses to retry, exact ("503") or by class ("5XX"). Default: 408, 429, 5XX. */
  retryCodes?: string[];
  timeoutMs?: number;
  serverURL?: string;
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

export function normaliseBaseURL(url: string): string {
  const parsed = new URL(url); // throws a TypeError on a malformed URL, early
  return parsed.href.replace(/\/+$/, "");
}

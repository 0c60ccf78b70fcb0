/**
 * Raw-HTTP calls against a test server (./server.ts, or anything with a `url` and an
 * `authHeader`) that check the public contract (./contract.ts) on the way:
 *
 *   const api = apiClient(server);   // authenticates with server.authHeader unless told otherwise
 *   const res = await api("GET", "/companies/{companyId}", { params: { companyId } });
 *   res.status, res.body, res.headers
 *
 * Every response to a path of the contract is validated against the contract's schema for its
 * status (assertMatchesContract); pass `contract: false` for this server's own extra paths.
 * Options: params (path template values), query, body (JSON; `rawBody` for anything else),
 * headers, auth (an Authorization value, or null for none).
 */
import { assertMatchesContract } from "./contract.js";

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  auth?: string | null;
  contract?: boolean;
}

export interface ApiResponse {
  status: number;
  /** Parsed JSON (undefined for an empty or non-JSON body); tests assert on its shape. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

export type Api = (method: string, template: string, options?: CallOptions) => Promise<ApiResponse>;

export function apiClient(server: { url: string; authHeader: string }): Api {
  return async (method, template, options = {}) => {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? `{${name}}`));
    const url = new URL(path, server.url);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? server.authHeader : options.auth;
    if (auth !== null) headers.authorization = auth;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    const isJson = response.headers.get("content-type")?.includes("application/json") ?? false;
    const parsed: unknown = text && isJson ? JSON.parse(text) : undefined;
    if (options.contract !== false) assertMatchesContract(method, template, response.status, parsed);
    return { status: response.status, body: parsed, text, headers: response.headers };
  };
}


// An operation is data: what to send and what to expect. `invoke` runs any of them.
import type { GenericSchema } from "valibot";
import type { PageLinks } from "../models/paging.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The error statuses every operation of the contract documents with an `ErrorMessage` body. */
export const STANDARD_ERRORS: readonly number[] = [401, 402, 403, 404, 429, 500, 503];
/** ...plus 400 (a bad query or body), for the operations that document it. */
export const WITH_BAD_REQUEST: readonly number[] = [...STANDARD_ERRORS, 400];

export interface OperationSpec<Req, Res> {
  method: HttpMethod;
  /** A path template; `{name}` is replaced by the request's `name`, URI-encoded. */
  path: string;
  /** Validates the request object (path, query and body fields together). */
  request?: GenericSchema<unknown, Req>;
  /** Validates a 2xx JSON body; absent for operations that return nothing. */
  response?: GenericSchema<unknown, Res>;
  /** The documented success status. */
  status: number;
  /** The statuses documented with an `ErrorMessage` JSON body. */
  errors: readonly number[];
  /** Request fields sent as query parameters. */
  query?: readonly string[];
  /** The request field sent as the JSON body, or "request" to send the whole request. */
  body?: string;
  /** The response is a page (a list operation's): the client gives it `links` (see `withLinks`). */
  page?: boolean;
}

/**
 * An operation as the request core runs it: its spec, plus what the core works out from it on
 * first use rather than when the module loads (importing the package declares every operation).
 */
export interface Operation<Req, Res> extends OperationSpec<Req, Res> {
  /** The path template split: literal text at even indexes, parameter names at odd ones. */
  parts?: readonly string[];
}

/** An operation; a list operation's (`page: true`) answers with its page plus `links`. */
export function operation<Req = void, Res = void>(spec: OperationSpec<Req, Res> & { page: true }): Operation<Req, Res & PageLinks>;
export function operation<Req = void, Res = void>(spec: OperationSpec<Req, Res>): Operation<Req, Res>;
/* @__NO_SIDE_EFFECTS__ */
export function operation<Req, Res>(spec: OperationSpec<Req, Res>): Operation<Req, Res> {
  return spec;
}

/**
 * `name=value&…` of the fields of `values` named in `names` (all of them by default) that are
 * set, URI-encoded, an array repeating its name; `""` when none is.
 */
export function queryString(values: Record<string, unknown>, names: readonly string[] = Object.keys(values)): string {
  let query = "";
  for (const name of names) {
    const value = values[name];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      query += `${query ? "&" : ""}${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`;
    }
  }
  return query;
}

/** The path with its parameters filled in from the request, plus the query string. */
export function buildPath(op: Operation<unknown, unknown>, request: Record<string, unknown> | undefined): string {
  const parts = (op.parts ??= op.path.split(/\{(\w+)\}/));
  let path = parts[0] ?? "";
  for (let i = 1; i < parts.length; i += 2) {
    path += encodeURIComponent(String(request?.[parts[i] as string])) + parts[i + 1];
  }
  const query = op.query && request ? queryString(request, op.query) : "";
  return query ? `${path}?${query}` : path;
}

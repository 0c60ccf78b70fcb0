// An operation is data: what to send and what to expect. `invoke` runs any of them.
import type { GenericSchema } from "valibot";
import { isPage } from "../models/paging.js";

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
}

export interface Operation<Req, Res> extends OperationSpec<Req, Res> {
  /** The path template split once: literal text at even indexes, parameter names at odd ones. */
  readonly parts: readonly string[];
  /** The response is a page: the client adds `links` to it (see `listed`). */
  readonly page: boolean;
}

/* @__NO_SIDE_EFFECTS__ */
export function operation<Req = void, Res = void>(spec: OperationSpec<Req, Res>): Operation<Req, Res> {
  return { ...spec, parts: spec.path.split(/\{(\w+)\}/), page: isPage(spec.response) };
}

/** The path with its parameters filled in from the request, plus the query string. */
export function buildPath(op: Operation<unknown, unknown>, request: Record<string, unknown> | undefined): string {
  let path = op.parts[0] ?? "";
  for (let i = 1; i < op.parts.length; i += 2) {
    path += encodeURIComponent(String(request?.[op.parts[i] as string])) + op.parts[i + 1];
  }
  if (!op.query || !request) return path;
  let query = "";
  for (const name of op.query) {
    const value = request[name];
    if (value === undefined || value === null) continue;
    query += `${query ? "&" : "?"}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return path + query;
}

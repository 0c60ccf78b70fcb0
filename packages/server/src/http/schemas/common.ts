// JSON Schemas shared by the route schemas. They drive request validation, response
// serialisation (fast-json-stringify: unknown fields never leak) and `/openapi.json`.
import { ErrorMessageData } from "@codat/platform/models";
import { fromModel } from "./from-model.js";

export const uuid = { type: "string", format: "uuid" } as const;

/** Path ids are plain strings here: a malformed id is "not found" (404), not a 400. */
export const pathId = (description: string) => ({ type: "string", description }) as const;

export const companyIdParams = {
  type: "object",
  required: ["companyId"],
  properties: { companyId: pathId("Unique identifier for a company.") },
} as const;

export const connectionParams = {
  type: "object",
  required: ["companyId", "connectionId"],
  properties: {
    companyId: pathId("Unique identifier for a company."),
    connectionId: pathId("Unique identifier for a connection."),
  },
} as const;

export const listQuery = {
  type: "object",
  properties: {
    // int32, as the contract declares it: the offset it implies stays within every engine's range.
    page: { type: "integer", minimum: 1, maximum: 2_147_483_647, default: 1 },
    pageSize: { type: "integer", minimum: 1, maximum: 5000, default: 100 },
    query: { type: "string", maxLength: 2000 },
    orderBy: { type: "string", maxLength: 100 },
  },
} as const;

export interface ListQuery {
  page: number;
  pageSize: number;
  query?: string;
  orderBy?: string;
}

/** The body of every error response (the SDK's `ErrorMessageData`). */
export const errorMessage = fromModel(ErrorMessageData);

/** The error statuses an authenticated route may answer; documented on every route. */
const ERROR_STATUSES = [400, 401, 402, 403, 404, 409, 429, 500, 503] as const;

/** `response` section for a route: its success schemas plus ErrorMessage for the errors it can give. */
export function responses(success: Record<number, object>, errors: readonly number[] = ERROR_STATUSES) {
  return { ...success, ...Object.fromEntries(errors.map((status) => [status, errorMessage])) };
}

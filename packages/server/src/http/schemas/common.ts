// JSON Schemas shared by the route schemas. They drive request validation, response
// serialisation (fast-json-stringify: unknown fields never leak) and `/openapi.json`.
export const dateTime = { type: "string", description: "ISO-8601 date-time, UTC." } as const;
export const nullableDateTime = { type: ["string", "null"], description: "ISO-8601 date-time, UTC." } as const;
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

const validationItem = {
  type: "object",
  properties: {
    itemId: { type: ["string", "null"] },
    message: { type: ["string", "null"] },
    validatorName: { type: ["string", "null"] },
  },
} as const;

export const errorMessage = {
  type: "object",
  properties: {
    statusCode: { type: "integer" },
    service: { type: "string" },
    error: { type: "string" },
    correlationId: { type: "string" },
    validation: {
      type: ["object", "null"],
      properties: {
        errors: { type: ["array", "null"], items: validationItem },
        warnings: { type: ["array", "null"], items: validationItem },
      },
    },
    canBeRetried: { type: "string" },
    detailedErrorCode: { type: "integer" },
  },
} as const;

const halRef = { type: "object", properties: { href: { type: "string" } } } as const;

/** The contract's paged envelope around `item`. */
export function pageOf(item: object) {
  return {
    type: "object",
    properties: {
      results: { type: "array", items: item },
      pageNumber: { type: "integer" },
      pageSize: { type: "integer" },
      totalResults: { type: "integer" },
      _links: {
        type: "object",
        properties: { self: halRef, current: halRef, next: halRef, previous: halRef },
      },
    },
  } as const;
}

/** The error statuses an authenticated route may answer; documented on every route. */
const ERROR_STATUSES = [400, 401, 402, 403, 404, 409, 429, 500, 503] as const;

/** `response` section for a route: its success schemas plus ErrorMessage for the errors it can give. */
export function responses(success: Record<number, object>, errors: readonly number[] = ERROR_STATUSES) {
  return { ...success, ...Object.fromEntries(errors.map((status) => [status, errorMessage])) };
}

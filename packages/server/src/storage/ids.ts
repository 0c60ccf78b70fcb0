import { randomUUID } from "node:crypto";

/** New random (v4) UUID for any row id. */
export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID; routes answer 404 for anything else without a query. */
export const isUuid = (value: string): boolean => UUID.test(value);

import * as v from "valibot";
import { Integer, wire } from "./wire.js";

/** Validation error item. */
export const ErrorValidationItem = /* @__PURE__ */ wire({
  /** Unique identifier for a validation item. */
  itemId: v.nullish(v.string()),
  /** A message outlining validation item's issue. */
  message: v.nullish(v.string()),
  /** Name of validator. */
  validatorName: v.nullish(v.string()),
});
export type ErrorValidationItem = v.InferOutput<typeof ErrorValidationItem>;

/**
 * A human-readable object describing validation decisions Codat has made. If an operation has
 * failed because of validation errors, they will be detailed here.
 */
export const ErrorValidation = /* @__PURE__ */ wire({
  /** What made the request fail. */
  errors: v.nullish(v.array(ErrorValidationItem)),
  /** What was accepted but deserves attention. */
  warnings: v.nullish(v.array(ErrorValidationItem)),
});
export type ErrorValidation = v.InferOutput<typeof ErrorValidation>;

/**
 * The JSON body of every documented error response. (`ErrorMessage` itself is the error
 * class the client throws with these fields.)
 */
export const ErrorMessageData = /* @__PURE__ */ wire({
  /** The HTTP status code returned by the error. */
  statusCode: v.optional(Integer),
  /** Codat's service the returned the error. */
  service: v.optional(v.string()),
  /** A brief description of the error. */
  error: v.optional(v.string()),
  /** Unique identifier used to propagate to all downstream services and determine the source of the error. */
  correlationId: v.optional(v.string()),
  /**
   * A human-readable object describing validation decisions Codat has made. If an operation has
   * failed because of validation errors, they will be detailed here.
   */
  validation: v.nullish(ErrorValidation),
  /** `True` if the error occurred transiently and can be retried. */
  canBeRetried: v.optional(v.string()),
  /** Machine readable error code used to automate processes based on the code returned. */
  detailedErrorCode: v.optional(Integer),
});
export type ErrorMessageData = v.InferOutput<typeof ErrorMessageData>;

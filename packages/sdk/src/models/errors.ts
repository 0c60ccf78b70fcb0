import * as v from "valibot";
import { Integer, wire } from "./wire.js";

export const ErrorValidationItem = /* @__PURE__ */ wire({
  itemId: v.nullish(v.string()),
  message: v.nullish(v.string()),
  validatorName: v.nullish(v.string()),
});
export type ErrorValidationItem = v.InferOutput<typeof ErrorValidationItem>;

export const ErrorValidation = /* @__PURE__ */ wire({
  errors: v.nullish(v.array(ErrorValidationItem)),
  warnings: v.nullish(v.array(ErrorValidationItem)),
});
export type ErrorValidation = v.InferOutput<typeof ErrorValidation>;

/**
 * The JSON body of every documented error response. (`ErrorMessage` itself is the error
 * class the client throws with these fields.)
 */
export const ErrorMessageData = /* @__PURE__ */ wire({
  statusCode: v.optional(Integer),
  service: v.optional(v.string()),
  error: v.optional(v.string()),
  correlationId: v.optional(v.string()),
  validation: v.nullish(ErrorValidation),
  canBeRetried: v.optional(v.string()),
  detailedErrorCode: v.optional(Integer),
});
export type ErrorMessageData = v.InferOutput<typeof ErrorMessageData>;

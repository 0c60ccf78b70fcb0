import * as v from "valibot";
import { Integer, wire } from "./wire.js";

export const HalRef = /* @__PURE__ */ wire({ href: v.optional(v.string()) });
export type HalRef = v.InferOutput<typeof HalRef>;

export const Links = /* @__PURE__ */ wire({
  self: HalRef,
  current: HalRef,
  next: v.optional(HalRef),
  previous: v.optional(HalRef),
});
export type Links = v.InferOutput<typeof Links>;

export const PagingInfo = /* @__PURE__ */ wire({
  pageNumber: Integer,
  pageSize: Integer,
  totalResults: Integer,
  _links: Links,
});
export type PagingInfo = v.InferOutput<typeof PagingInfo>;

/** A paged list: `results` plus the contract's `PagingInfo`. */
export function page<T extends v.GenericSchema>(item: T) {
  return wire({ results: v.optional(v.array(item)), ...PagingInfo.entries });
}

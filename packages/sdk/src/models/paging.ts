import * as v from "valibot";
import { fields, Integer, wire } from "./wire.js";

/** Hypertext reference. */
export const HalRef = /* @__PURE__ */ wire({
  /** Uri hypertext reference. */
  href: v.optional(v.string()),
});
export type HalRef = v.InferOutput<typeof HalRef>;

/** Hal Links: to this page and its neighbours. */
export const Links = /* @__PURE__ */ wire({
  /** This page, as requested. */
  self: HalRef,
  /** This page. */
  current: HalRef,
  /** The next page; absent on the last one. */
  next: v.optional(HalRef),
  /** The previous page; absent on the first one. */
  previous: v.optional(HalRef),
});
export type Links = v.InferOutput<typeof Links>;

/** Pagination information, as the contract sends it (`_links`). */
export const PagingInfo = /* @__PURE__ */ wire({
  /** Current page number. */
  pageNumber: Integer,
  /** Number of items to return in results array. */
  pageSize: Integer,
  /** Total number of items. */
  totalResults: Integer,
  /** The links of the page as the contract names them; the client's pages also carry them as `links`. */
  _links: Links,
});
export type PagingInfo = v.InferOutput<typeof PagingInfo>;

/** What the client adds to every page it returns. */
export interface PageLinks {
  /**
   * Links to this page (`self`, `current`) and its neighbours (`next` unless this is the last
   * page, `previous` unless it is the first): the contract's `_links`, under the name both
   * official clients give it.
   */
  links: Links;
}

/** A paged list on the wire: `results` plus the contract's `PagingInfo`. */
/* @__NO_SIDE_EFFECTS__ */
export function page<T extends v.GenericSchema>(item: T) {
  return wire(
    /* @__PURE__ */ fields(
      {
        /** The items of this page. */
        results: v.optional(v.array(item)),
      },
      PagingInfo.entries,
    ),
  );
}

/**
 * The page as the client returns it: `links` added, and `_links` kept as a non-enumerable alias
 * (still readable; not printed or serialised twice), so the value looks like the official
 * clients' and code written for this package's earlier versions keeps working.
 */
export function withLinks<P extends PagingInfo>(wirePage: P): P & PageLinks {
  const { _links, ...rest } = wirePage;
  const out = { ...rest, links: _links } as unknown as P & PageLinks;
  Object.defineProperty(out, "_links", { value: _links, enumerable: false, writable: true, configurable: true });
  return out;
}

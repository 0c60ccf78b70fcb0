import * as v from "valibot";
import { Connection } from "./connections.js";
import { page, type PageLinks } from "./paging.js";
import { DateTime, fields, Url, Uuid, wire } from "./wire.js";

/**
 * A collection of user-defined key-value pairs that store custom metadata against the company:
 * up to 10 tags, keys of 1-27 characters, values of up to 100.
 */
export const CompanyTags = /* @__PURE__ */ v.record(v.string(), v.string());
export type CompanyTags = v.InferOutput<typeof CompanyTags>;

/** Company reference: a parent or subsidiary of a company. */
export const CompanyReference = /* @__PURE__ */ wire({
  /** Unique identifier for your SMB in Codat. */
  id: v.optional(v.string()),
  /** The name of the company. */
  name: v.optional(v.string()),
  /** A collection of links for the company. */
  links: v.optional(
    wire({
      /** Link to the company in the Codat portal. */
      portal: v.optional(v.string()),
    }),
  ),
  /** A collection of user-defined key-value pairs that store custom metadata against the company. */
  tags: v.optional(CompanyTags),
});
export type CompanyReference = v.InferOutput<typeof CompanyReference>;

const companyDetailsFields = {
  /** Unique identifier for your SMB in Codat. */
  id: Uuid,
  /** The name of the company. */
  name: v.string(),
  /** Additional information about the company. This can be used to store foreign IDs, references, etc. */
  description: v.optional(v.string()),
  /** The `redirect` Link URL enabling the customer to start their auth flow journey for the company. */
  redirect: Url,
  /** When the company's data was last synced (ISO 8601); absent or null before the first sync. */
  lastSync: v.nullish(DateTime),
  /** When the company was created (ISO 8601). */
  created: v.optional(DateTime),
  /** Name of user that created the company in Codat. */
  createdByUserName: v.nullish(v.string()),
  /** An array of products that are currently enabled for the company. */
  products: v.optional(v.array(v.string())),
  /** A collection of user-defined key-value pairs that store custom metadata against the company. */
  tags: v.optional(CompanyTags),
  /** The parent entity or controlling organization of this company. Null if the company has no parent. */
  referenceParentCompany: v.nullish(CompanyReference),
  /** A list of subsidiary companies owned or controlled by this entity. Empty if the company has no children. */
  referenceSubsidiaryCompanies: v.optional(v.array(CompanyReference)),
};

/** Company details: the company without its connections (the contract's `companyDetails`). */
export const CompanyDetails = /* @__PURE__ */ wire(companyDetailsFields);
export type CompanyDetails = v.InferOutput<typeof CompanyDetails>;

/**
 * In Codat, a company represents a business sharing access to their data. Each company can have
 * multiple connections to different data sources. Typically each company is one of your customers.
 */
export const Company = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(companyDetailsFields, {
    /** The company's data connections. */
    dataConnections: v.optional(v.array(Connection)),
  }),
);
export type Company = v.InferOutput<typeof Company>;

/** A page of companies. (The schema checks the wire shape; the client's value also has `links`.) */
export const Companies = /* @__PURE__ */ page(Company);
export type Companies = v.InferOutput<typeof Companies> & PageLinks;

/** A group of companies, as the 4.x client sent it. */
export interface GroupRef {
  /** Unique identifier for the group. */
  id?: string | undefined;
}

/** Create company request. */
export const CompanyRequestBody = /* @__PURE__ */ wire({
  /** Name of company being connected. */
  name: v.string(),
  /** Additional information about the company. This can be used to store foreign IDs, references, etc. */
  description: v.optional(v.string()),
  /** A collection of user-defined key-value pairs that store custom metadata against the company. */
  tags: v.optional(CompanyTags),
});
export type CompanyRequestBody = v.InferOutput<typeof CompanyRequestBody> & {
  /**
   * Accepted so that code written for the 4.x client compiles; the API has no company groups
   * any more and ignores it.
   * @deprecated The API no longer has company groups.
   */
  groups?: GroupRef[] | undefined;
};

/** Update company request: only the fields given change. */
export const CompanyUpdateRequest = /* @__PURE__ */ wire({
  /** Name of company being connected. */
  name: v.optional(v.string()),
  /** Additional information about the company. This can be used to store foreign IDs, references, etc. */
  description: v.optional(v.string()),
  /** A collection of user-defined key-value pairs that store custom metadata against the company. */
  tags: v.optional(CompanyTags),
});
export type CompanyUpdateRequest = v.InferOutput<typeof CompanyUpdateRequest>;

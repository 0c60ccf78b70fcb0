import * as v from "valibot";
import { Connection } from "./connections.js";
import { page } from "./paging.js";
import { DateTime, Url, Uuid, wire } from "./wire.js";

/** Up to 10 `key: value` tags of a company (keys 1-27 characters, values up to 100). */
export const CompanyTags = /* @__PURE__ */ v.record(v.string(), v.string());
export type CompanyTags = v.InferOutput<typeof CompanyTags>;

export const CompanyReference = /* @__PURE__ */ wire({
  id: v.optional(v.string()),
  name: v.optional(v.string()),
  links: v.optional(wire({ portal: v.optional(v.string()) })),
  tags: v.optional(CompanyTags),
});
export type CompanyReference = v.InferOutput<typeof CompanyReference>;

/** The company without its connections: the `companyDetails` of the contract. */
export const CompanyDetails = /* @__PURE__ */ wire({
  id: Uuid,
  name: v.string(),
  description: v.optional(v.string()),
  redirect: Url,
  lastSync: v.nullish(DateTime),
  created: v.optional(DateTime),
  createdByUserName: v.nullish(v.string()),
  products: v.optional(v.array(v.string())),
  tags: v.optional(CompanyTags),
  referenceParentCompany: v.nullish(CompanyReference),
  referenceSubsidiaryCompanies: v.optional(v.array(CompanyReference)),
});
export type CompanyDetails = v.InferOutput<typeof CompanyDetails>;

export const Company = /* @__PURE__ */ wire({
  ...CompanyDetails.entries,
  dataConnections: v.optional(v.array(Connection)),
});
export type Company = v.InferOutput<typeof Company>;

export const Companies = /* @__PURE__ */ page(Company);
export type Companies = v.InferOutput<typeof Companies>;

export const CompanyRequestBody = /* @__PURE__ */ wire({
  name: v.string(),
  description: v.optional(v.string()),
  tags: v.optional(CompanyTags),
});
export type CompanyRequestBody = v.InferOutput<typeof CompanyRequestBody>;

export const CompanyUpdateRequest = /* @__PURE__ */ wire({
  name: v.optional(v.string()),
  description: v.optional(v.string()),
  tags: v.optional(CompanyTags),
});
export type CompanyUpdateRequest = v.InferOutput<typeof CompanyUpdateRequest>;

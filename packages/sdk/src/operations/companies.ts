// The operations on companies, as data (see lib/operation.ts): the standalone functions and the
// resource class both run them through `invoke`.
import { operation, STANDARD_ERRORS, WITH_BAD_REQUEST } from "../lib/operation.js";
import { Companies, Company, CompanyRequestBody } from "../models/companies.js";
import {
  DeleteCompanyRequest,
  GetCompanyAccessTokenRequest,
  GetCompanyRequest,
  ListCompaniesRequest,
  ReplaceCompanyRequest,
} from "../models/requests.js";
import { CompanyAccessToken } from "../models/tokens.js";

/** Create company: `POST /companies`. */
export const createCompany = /* @__PURE__ */ operation({
  method: "POST",
  path: "/companies",
  request: CompanyRequestBody,
  response: Company,
  status: 200,
  errors: WITH_BAD_REQUEST,
  body: "request",
});

/** Delete a company: `DELETE /companies/{companyId}`. */
export const deleteCompany = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/companies/{companyId}",
  request: DeleteCompanyRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

/** Get company: `GET /companies/{companyId}`. */
export const getCompany = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}",
  request: GetCompanyRequest,
  response: Company,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Get company access token: `GET /companies/{companyId}/accessToken`. */
export const getCompanyAccessToken = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/accessToken",
  request: GetCompanyAccessTokenRequest,
  response: CompanyAccessToken,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** List companies: `GET /companies`. */
export const listCompanies = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies",
  request: ListCompaniesRequest,
  response: Companies,
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy", "tags"],
  page: true,
});

/** Replace company: `PUT /companies/{companyId}`. */
export const replaceCompany = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/companies/{companyId}",
  request: ReplaceCompanyRequest,
  response: Company,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "companyRequestBody",
});

import type { CodatPlatformCore } from "../core.js";
import { companiesList } from "../funcs/companiesList.js";
import { companiesUpdate } from "../funcs/companiesUpdate.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke } from "../lib/request.js";
import { unwrap } from "../lib/result.js";
import type { Companies as CompanyPage, Company, CompanyRequestBody } from "../models/companies.js";
import type {
  DeleteCompanyRequest,
  GetCompanyAccessTokenRequest,
  GetCompanyRequest,
  ListCompaniesRequest,
  ReplaceCompanyRequest,
  UpdateCompanyRequest,
} from "../models/requests.js";
import type { CompanyAccessToken } from "../models/tokens.js";
import { createCompany, deleteCompany, getCompany, getCompanyAccessToken, replaceCompany } from "../operations/companies.js";

/** Create and manage your SMB users' companies. */
export class Companies {
  constructor(private readonly client: CodatPlatformCore) {}

  /**
   * List companies: `GET /companies`. A page of the companies associated to your instance,
   * filtered by `query` and `tags` and ordered by `orderBy`; `links.next` leads to the next page.
   */
  list(request?: ListCompaniesRequest, options?: RequestOptions): Promise<CompanyPage> {
    return unwrap(companiesList(this.client, request, options));
  }

  /**
   * Create company: `POST /companies`. A new company that represents your customer; its `id`
   * is generated and its `redirect` is the Link URL where its owner connects platforms.
   */
  create(request: CompanyRequestBody, options?: RequestOptions): Promise<Company> {
    return unwrap(invoke(this.client, createCompany, request, options));
  }

  /** Get company: `GET /companies/{companyId}`. A single company, with its data connections. */
  get(request: GetCompanyRequest, options?: RequestOptions): Promise<Company> {
    return unwrap(invoke(this.client, getCompany, request, options));
  }

  /**
   * Replace company: `PUT /companies/{companyId}`. Replaces the name, description and tags:
   * values left out are cleared.
   */
  replace(request: ReplaceCompanyRequest, options?: RequestOptions): Promise<Company> {
    return unwrap(invoke(this.client, replaceCompany, request, options));
  }

  /**
   * Update company: `PATCH /companies/{companyId}`. Changes the fields given in
   * `companyUpdateRequest`; the others are left as they are. (4.x's form, with
   * `companyRequestBody`, replaces the company as 4.x's `update` did.)
   */
  update(request: UpdateCompanyRequest, options?: RequestOptions): Promise<Company> {
    return unwrap(companiesUpdate(this.client, request, options));
  }

  /**
   * Delete a company: `DELETE /companies/{companyId}`. Permanently deletes the company, its
   * connections and any cached data; irreversible.
   */
  delete(request: DeleteCompanyRequest, options?: RequestOptions): Promise<void> {
    return unwrap(invoke(this.client, deleteCompany, request, options));
  }

  /**
   * Get company access token: `GET /companies/{companyId}/accessToken`. A token valid for one
   * day, for this company only, for Codat's embeddable UIs such as the Connections SDK.
   */
  getAccessToken(request: GetCompanyAccessTokenRequest, options?: RequestOptions): Promise<CompanyAccessToken> {
    return unwrap(invoke(this.client, getCompanyAccessToken, request, options));
  }
}

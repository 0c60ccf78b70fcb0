import type { CodatPlatformCore } from "../core.js";
import { companiesCreate } from "../funcs/companiesCreate.js";
import { companiesDelete } from "../funcs/companiesDelete.js";
import { companiesGet } from "../funcs/companiesGet.js";
import { companiesGetAccessToken } from "../funcs/companiesGetAccessToken.js";
import { companiesList } from "../funcs/companiesList.js";
import { companiesReplace } from "../funcs/companiesReplace.js";
import { companiesUpdate } from "../funcs/companiesUpdate.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type { CompanyRequestBody } from "../models/companies.js";
import type * as req from "../models/requests.js";

export class Companies {
  constructor(private readonly client: CodatPlatformCore) {}

  list(request?: req.ListCompaniesRequest, options?: RequestOptions) {
    return unwrap(companiesList(this.client, request, options));
  }
  create(request: CompanyRequestBody, options?: RequestOptions) {
    return unwrap(companiesCreate(this.client, request, options));
  }
  get(request: req.GetCompanyRequest, options?: RequestOptions) {
    return unwrap(companiesGet(this.client, request, options));
  }
  replace(request: req.ReplaceCompanyRequest, options?: RequestOptions) {
    return unwrap(companiesReplace(this.client, request, options));
  }
  update(request: req.UpdateCompanyRequest, options?: RequestOptions) {
    return unwrap(companiesUpdate(this.client, request, options));
  }
  delete(request: req.DeleteCompanyRequest, options?: RequestOptions) {
    return unwrap(companiesDelete(this.client, request, options));
  }
  /** The newer one-day company token (`/companies/{companyId}/accessToken`). */
  getAccessToken(request: req.GetCompanyAccessTokenRequest, options?: RequestOptions) {
    return unwrap(companiesGetAccessToken(this.client, request, options));
  }
}

// Companies: list, create, get, replace, update, delete. Creating and deleting write their
// webhook event in the same transaction.
import type { Company, Companies } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { recordEvent } from "../../events/outbox.js";
import { listConnectionsOfCompanies } from "../../storage/repositories/connections.js";
import {
  countCompanies,
  lockClient,
  createCompany,
  deleteCompany,
  listCompanies,
  updateCompany,
  type CompanyInput,
  type CompanyRecord,
} from "../../storage/repositories/companies.js";
import { toPage } from "../../storage/paging.js";
import { ApiError } from "../errors.js";
import { clientIdOf } from "../plugins/auth.js";
import { companyIdParams, listQuery, responses, type ListQuery } from "../schemas/common.js";
import { companies, company, companyRequestBody, companyUpdateRequest } from "../schemas/resources.js";
import { toCompany, toCompanyDetails } from "../wire.js";
import { companyNotFound, pageRequest, requireCompany, withQueryErrors } from "./support.js";

const tags = ["Companies"];

export async function companyRoutes(app: FastifyInstance): Promise<void> {
  const { platform } = app;

  async function withConnections(clientId: string, records: CompanyRecord[]): Promise<Company[]> {
    const byCompany = await listConnectionsOfCompanies(platform.db, clientId, records.map((r) => r.id));
    return records.map((record) => toCompany(record, byCompany.get(record.id) ?? [], platform.config.publicUrl));
  }

  app.get<{ Querystring: ListQuery }>(
    "/companies",
    {
      config: { auth: "apiKey", operationId: "list-companies" },
      schema: { tags, summary: "List companies", querystring: listQuery, response: responses({ 200: companies }) },
    },
    async (request): Promise<Companies> => {
      const clientId = clientIdOf(request);
      const paging = pageRequest(request.query);
      const { results, totalResults } = await withQueryErrors(() => listCompanies(platform.db, clientId, paging));
      return toPage("/companies", paging, await withConnections(clientId, results), totalResults) as Companies;
    },
  );

  app.post<{ Body: CompanyInput }>(
    "/companies",
    {
      config: { auth: "apiKey", operationId: "create-company" },
      schema: { tags, summary: "Create company", body: companyRequestBody, response: responses({ 200: company }) },
    },
    async (request): Promise<Company> => {
      const clientId = clientIdOf(request);
      const limit = platform.config.maxCompaniesPerClient;
      const now = platform.clock();
      const created = await platform.db.transaction().execute(async (trx) => {
        if (limit !== undefined) {
          // Counted in the transaction that inserts, while holding the client's lock, so that
          // concurrent creations (on any node) cannot all pass the check and overshoot.
          await lockClient(trx, platform.dialect, clientId);
          if ((await countCompanies(trx, clientId)) >= limit) {
            throw new ApiError(
              402,
              `You have exceeded the ${limit}-company limit that applies to your plan. We recommend that you delete any companies you no longer need and retry the request.`,
            );
          }
        }
        const record = await createCompany(trx, clientId, { ...request.body, now });
        await recordEvent(trx, {
          clientId,
          companyId: record.id,
          eventType: "company.created",
          payload: toCompanyDetails(record, platform.config.publicUrl),
          generatedDate: now,
        });
        return record;
      });
      return toCompany(created, [], platform.config.publicUrl);
    },
  );

  app.get(
    "/companies/:companyId",
    {
      config: { auth: "apiKey", operationId: "get-company" },
      schema: { tags, summary: "Get company", params: companyIdParams, response: responses({ 200: company }) },
    },
    async (request): Promise<Company> => {
      const record = await requireCompany(app, request);
      return (await withConnections(record.clientId, [record]))[0] as Company;
    },
  );

  async function update(clientId: string, companyId: string, changes: Partial<CompanyInput>): Promise<Company> {
    const record = await updateCompany(platform.db, clientId, companyId, { ...changes, now: platform.clock() });
    if (!record) throw companyNotFound(companyId);
    return (await withConnections(clientId, [record]))[0] as Company;
  }

  app.put<{ Params: { companyId: string }; Body: CompanyInput }>(
    "/companies/:companyId",
    {
      config: { auth: "apiKey", operationId: "replace-company" },
      schema: {
        tags,
        summary: "Replace company",
        params: companyIdParams,
        body: companyRequestBody,
        response: responses({ 200: company }),
      },
    },
    async (request) => {
      const { name, description = "", tags: companyTags = {} } = request.body;
      const existing = await requireCompany(app, request);
      return update(existing.clientId, existing.id, { name, description, tags: companyTags });
    },
  );

  app.patch<{ Params: { companyId: string }; Body: Partial<CompanyInput> }>(
    "/companies/:companyId",
    {
      config: { auth: "apiKey", operationId: "update-company" },
      schema: {
        tags,
        summary: "Update company",
        params: companyIdParams,
        body: companyUpdateRequest,
        response: responses({ 200: company }),
      },
    },
    async (request) => {
      const existing = await requireCompany(app, request);
      return update(existing.clientId, existing.id, request.body ?? {});
    },
  );

  app.delete(
    "/companies/:companyId",
    {
      config: { auth: "apiKey", operationId: "delete-company" },
      schema: { tags, summary: "Delete a company", params: companyIdParams, response: responses({ 204: { type: "null" } }) },
    },
    async (request, reply) => {
      const record = await requireCompany(app, request);
      const now = platform.clock();
      const deleted = await platform.db.transaction().execute(async (trx) => {
        if (!(await deleteCompany(trx, record.clientId, record.id))) return false;
        await recordEvent(trx, {
          clientId: record.clientId,
          companyId: record.id,
          eventType: "company.deleted",
          payload: toCompanyDetails(record, platform.config.publicUrl),
          generatedDate: now,
        });
        return true;
      });
      platform.forgetCompany(record.clientId, record.id);
      if (!deleted) throw companyNotFound(record.id);
      return reply.code(204).send();
    },
  );
}

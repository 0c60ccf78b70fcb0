// Companies: list, create, get, replace, update, delete (the writes are services/companies.ts).
import type { Company, Companies } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { parseTagsQuery, TagsQueryError } from "../../companies/tags-query.js";
import { badRequest } from "../../errors.js";
import { createCompany, deleteCompany, updateCompany } from "../../services/companies.js";
import { listConnectionsOfCompanies } from "../../storage/repositories/connections.js";
import { listCompanies, type CompanyInput, type CompanyRecord } from "../../storage/repositories/companies.js";
import type { TagFilter } from "../../storage/repositories/company-tags.js";
import { toPage } from "../../storage/paging.js";
import { clientIdOf } from "../plugins/auth.js";
import { companyIdParams, listQuery, responses, type ListQuery } from "../schemas/common.js";
import { companies, company, companyRequestBody, companyUpdateRequest } from "../schemas/resources.js";
import { toCompany } from "../../wire.js";
import { companyNotFound, pageRequest, requireCompany, withQueryErrors } from "./support.js";

const tags = ["Companies"];

/** The list's query string: paging and `query` / `orderBy`, and the companies' own `tags` filter. */
const listCompaniesQuery = {
  ...listQuery,
  properties: { ...listQuery.properties, tags: { type: "string", maxLength: 2000 } },
} as const;

/** `tags` parsed, or the contract's 400 naming the parameter; an empty one filters nothing. */
function tagFilterOf(query: string | undefined): TagFilter | undefined {
  if (!query) return undefined;
  try {
    return parseTagsQuery(query);
  } catch (error) {
    if (error instanceof TagsQueryError) throw badRequest(error.message, [{ itemId: "tags", message: error.message, validatorName: "tags" }]);
    throw error;
  }
}

export async function companyRoutes(app: FastifyInstance): Promise<void> {
  const { context } = app;

  async function withConnections(clientId: string, records: CompanyRecord[]): Promise<Company[]> {
    const byCompany = await listConnectionsOfCompanies(context.db, clientId, records.map((r) => r.id));
    return records.map((record) => toCompany(record, byCompany.get(record.id) ?? [], context.config.publicUrl));
  }

  app.get<{ Querystring: ListQuery & { tags?: string } }>(
    "/companies",
    {
      config: { auth: "apiKey", operationId: "list-companies" },
      schema: { tags, summary: "List companies", querystring: listCompaniesQuery, response: responses({ 200: companies }) },
    },
    async (request): Promise<Companies> => {
      const clientId = clientIdOf(request);
      const paging = pageRequest(request.query);
      const tagFilter = tagFilterOf(request.query.tags);
      const { results, totalResults } = await withQueryErrors(() => listCompanies(context.db, clientId, paging, tagFilter));
      const page = toPage("/companies", paging, await withConnections(clientId, results), totalResults, { tags: request.query.tags });
      return page as Companies;
    },
  );

  app.post<{ Body: CompanyInput }>(
    "/companies",
    {
      config: { auth: "apiKey", operationId: "create-company" },
      schema: { tags, summary: "Create company", body: companyRequestBody, response: responses({ 200: company }) },
    },
    async (request): Promise<Company> => {
      const created = await createCompany(context, clientIdOf(request), request.body);
      return toCompany(created, [], context.config.publicUrl);
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
    const record = await updateCompany(context, clientId, companyId, changes);
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
      const deleted = await deleteCompany(context, record);
      if (!deleted) throw companyNotFound(record.id);
      return reply.code(204).send();
    },
  );
}

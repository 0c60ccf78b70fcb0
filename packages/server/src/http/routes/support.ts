// Small helpers the resource routes share.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { then, type MaybePromise } from "../../lib/maybe-promise.js";
import { isUuid } from "../../storage/ids.js";
import type { PageRequest } from "../../storage/paging.js";
import { QueryError } from "../../storage/query.js";
import { getCompany, type CompanyRecord } from "../../storage/repositories/companies.js";
import { clientIdOf } from "../plugins/auth.js";
import { ApiError, notFound } from "../../errors.js";
import type { ListQuery } from "../schemas/common.js";

export const companyNotFound = (companyId: string) => notFound(`No company was found with ID ${companyId}`);

/** The path's company, if it belongs to the request's client; otherwise 404. */
export async function requireCompany(app: FastifyInstance, request: FastifyRequest): Promise<CompanyRecord> {
  const { companyId } = request.params as { companyId: string };
  const company = isUuid(companyId) ? await getCompany(app.context.db, clientIdOf(request), companyId) : undefined;
  if (!company) throw companyNotFound(companyId);
  return company;
}

/** Cheap existence check through the cache (hot path: token endpoints; sync when cached). */
export function requireCompanyId(app: FastifyInstance, request: FastifyRequest): MaybePromise<string> {
  const { companyId } = request.params as { companyId: string };
  if (!isUuid(companyId)) throw companyNotFound(companyId);
  return then(app.context.caches.companyExists(clientIdOf(request), companyId), (exists) => {
    if (!exists) throw companyNotFound(companyId);
    return companyId;
  });
}

export function pageRequest(query: ListQuery): PageRequest {
  return { page: query.page, pageSize: query.pageSize, query: query.query || undefined, orderBy: query.orderBy || undefined };
}

/** Runs a list query, turning query-language mistakes into the contract's 400. */
export async function withQueryErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QueryError) {
      throw new ApiError(400, error.message, {
        validationErrors: [{ itemId: "query", message: error.message, validatorName: "query" }],
      });
    }
    throw error;
  }
}

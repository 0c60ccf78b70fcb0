// Company writes: create (within the client's company limit), update, delete. Each runs in one
// transaction with its outbox event; deleting forgets the company in this node's cache.
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { recordEvent } from "../events/outbox.js";
import { lockClient } from "../storage/repositories/clients.js";
import { listConnectionIdsOfCompany } from "../storage/repositories/connections.js";
import { releaseGrant } from "./grants.js";
import {
  countCompanies,
  createCompany as insertCompany,
  deleteCompany as removeCompany,
  lockCompany,
  updateCompany as saveCompany,
  type CompanyInput,
  type CompanyRecord,
} from "../storage/repositories/companies.js";
import { toCompanyDetails } from "../wire.js";

export async function createCompany(context: ServerContext, clientId: string, input: CompanyInput): Promise<CompanyRecord> {
  const { db, config } = context;
  const limit = config.maxCompaniesPerClient;
  const now = context.clock();
  return db.transaction().execute(async (trx) => {
    if (limit !== undefined) {
      // Counted in the transaction that inserts, while holding the client's lock, so that
      // concurrent creations (on any node) cannot all pass the check and overshoot.
      await lockClient(trx, clientId);
      if ((await countCompanies(trx, clientId)) >= limit) {
        throw new ApiError(
          402,
          `You have exceeded the ${limit}-company limit that applies to your plan. We recommend that you delete any companies you no longer need and retry the request.`,
        );
      }
    }
    const record = await insertCompany(trx, clientId, { ...input, now });
    await recordEvent(trx, {
      clientId,
      companyId: record.id,
      eventType: "company.created",
      payload: toCompanyDetails(record, config.publicUrl),
      generatedDate: now,
    });
    return record;
  });
}

/**
 * Applies the given fields (a replace passes all of them); undefined when there is no such
 * company. One transaction: new tags replace the column and its searchable rows together.
 */
export async function updateCompany(
  context: ServerContext,
  clientId: string,
  companyId: string,
  changes: Partial<CompanyInput>,
): Promise<CompanyRecord | undefined> {
  const now = context.clock();
  return context.db.transaction().execute((trx) => saveCompany(trx, clientId, companyId, { ...changes, now }));
}

/**
 * Deletes the company with its connections and records `company.deleted`, releasing the
 * connections' grants in the same transaction; false when it was gone already.
 */
export async function deleteCompany(context: ServerContext, company: CompanyRecord): Promise<boolean> {
  const now = context.clock();
  const deleted = await context.db.transaction().execute(async (trx) => {
    if (!(await lockCompany(trx, company.clientId, company.id))) return false;
    // Every grant the company's connections hold is released (revoked after commit) before the rows go.
    for (const connection of await listConnectionIdsOfCompany(trx, company.clientId, company.id)) {
      await releaseGrant(context, trx, { clientId: company.clientId, id: connection.id, integrationKey: connection.integrationKey, connectionInfo: connection.connectionInfo });
    }
    if (!(await removeCompany(trx, company.clientId, company.id))) return false;
    await recordEvent(trx, {
      clientId: company.clientId,
      companyId: company.id,
      eventType: "company.deleted",
      payload: toCompanyDetails(company, context.config.publicUrl),
      generatedDate: now,
    });
    return true;
  });
  // Its tokens stop working at once on this node (within the cache TTL on others).
  context.caches.forgetCompany(company.clientId, company.id);
  return deleted;
}

// Storage records → the contract's wire shapes (types from the SDK), for API answers and webhook
// payloads alike. Absent values are left out
// rather than sent as null: the contract marks them optional, and clients generated from it
// (the reference SDK included) reject a null where they expect a string.
import type { Company, CompanyDetails, CompanyReference, Connection, Integration } from "@codat/platform/models";
import { logoPath, type CatalogueEntry } from "./catalogue/integrations.js";
import type { CompanyRecord } from "./storage/repositories/companies.js";
import type { ConnectionRecord } from "./storage/repositories/connections.js";

/** The company's `redirect`: its link page, where its owner connects a platform (http/routes/browser/company-link.ts). */
export function companyLinkUrl(publicUrl: string, companyId: string): string {
  return `${publicUrl}/companies/${companyId}/link`;
}

/** A connection's `linkUrl`: where its owner authorizes (or re-authorizes) it (http/routes/browser/authorize.ts). */
export function linkUrl(publicUrl: string, companyId: string, connectionId: string): string {
  return `${publicUrl}/companies/${companyId}/connections/${connectionId}/start`;
}

export function toConnection(record: ConnectionRecord, publicUrl: string): Connection {
  return {
    id: record.id,
    integrationId: record.integrationId,
    integrationKey: record.integrationKey,
    sourceId: record.sourceId,
    sourceType: record.sourceType as Connection["sourceType"],
    platformName: record.platformName,
    linkUrl: linkUrl(publicUrl, record.companyId, record.id),
    status: record.status,
    ...(record.lastSync ? { lastSync: record.lastSync } : {}),
    created: record.created,
    ...(record.errors ? { dataConnectionErrors: record.errors } : {}),
    // Only the non-secret ids the platform named (realmId, tenantId, shop, ...); tokens live elsewhere.
    ...(record.connectionInfo ? { connectionInfo: record.connectionInfo } : {}),
  };
}

/** The company without connections (the contract's companyDetails; webhook payloads). */
export function toCompanyDetails(record: CompanyRecord, publicUrl: string): CompanyDetails & { description: string } {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    redirect: companyLinkUrl(publicUrl, record.id),
    ...(record.lastSync ? { lastSync: record.lastSync } : {}),
    created: record.created,
    products: [],
    tags: record.tags,
    referenceSubsidiaryCompanies: [],
  };
}

export function toCompany(record: CompanyRecord, connections: ConnectionRecord[], publicUrl: string): Company {
  return { ...toCompanyDetails(record, publicUrl), dataConnections: connections.map((c) => toConnection(c, publicUrl)) };
}

export function toCompanyReference(record: CompanyRecord): CompanyReference {
  return { id: record.id, name: record.name, tags: record.tags };
}

/** An integration as a client sees it: `enabled` once the client can connect it (services/platform-apps.ts). */
export function toIntegration(entry: CatalogueEntry, publicUrl: string, enabled: boolean): Integration {
  return {
    key: entry.key,
    logoUrl: `${publicUrl}${logoPath(entry.key)}`,
    name: entry.name,
    enabled,
    sourceId: entry.sourceId,
    sourceType: entry.sourceType,
    integrationId: entry.integrationId,
    isOfflineConnector: false,
    isBeta: entry.isBeta,
    dataProvidedBy: entry.dataProvidedBy,
    datatypeFeatures: [],
  };
}

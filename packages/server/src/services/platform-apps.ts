// The platforms a client can connect, and its app at each: the built-in catalogue plus the
// client's own platforms (the generic OAuth 2.0 platform), each enabled once the client has set
// its app's client id and secret. The secret is sealed at rest with the row it belongs to as
// associated data, and never returned once set.
import { CATALOGUE, findIntegration, SANDBOX_KEY, type CatalogueEntry } from "../catalogue/integrations.js";
import type { ServerContext } from "../context.js";
import { ApiError, badRequest, notFound, type ValidationItem } from "../errors.js";
import type { AppCredentials } from "../oauth/client.js";
import { placeholdersOf, type KeptValue, type OAuthDefinition, type PostConnectStep, type StartParameter } from "../oauth/definition.js";
import { refusedUrl } from "../oauth/outbound.js";
import { lockClient } from "../storage/repositories/clients.js";
import { countConnectionsToPlatform } from "../storage/repositories/connections.js";
import {
  deleteCustomPlatform,
  getCustomPlatform,
  listCustomPlatforms,
  saveCustomPlatform as storeCustomPlatform,
  type CustomPlatformRecord,
} from "../storage/repositories/custom-platforms.js";
import type { Database } from "../storage/schema.js";
import type { Kysely } from "kysely";
import { deletePlatformApp, getPlatformApp, listPlatformAppKeys, savePlatformApp, type PlatformAppRecord } from "../storage/repositories/platform-apps.js";

/** The associated data a client's app secret is sealed with (the admin CLI's `reseal` uses it too). */
export const secretAssociatedData = (clientId: string, platformKey: string) => `platform-app:${clientId}:${platformKey}`;

/** A client's own platform as a catalogue entry. */
export function customEntry(record: CustomPlatformRecord): CatalogueEntry {
  const letters = record.name.replace(/[^A-Za-z0-9]/g, "").slice(0, 2).toUpperCase() || "OA";
  return {
    key: record.key,
    name: record.name,
    sourceType: record.sourceType,
    integrationId: record.integrationId,
    sourceId: record.sourceId,
    monogram: letters,
    colour: "#374151",
    isBeta: false,
    dataProvidedBy: record.name,
    // Validated by definitionProblems when it was saved.
    oauth: record.definition as OAuthDefinition,
  };
}

/** The platform with this key for this client: built-in, else one of its own. */
export async function findPlatform(context: ServerContext, clientId: string, key: string, db: Kysely<Database> = context.db): Promise<CatalogueEntry | undefined> {
  const builtIn = findIntegration(key);
  if (builtIn) return builtIn;
  const custom = await getCustomPlatform(db, clientId, key);
  return custom && customEntry(custom);
}

/** Every platform the client may see, with whether it can be connected now. */
export async function listPlatforms(context: ServerContext, clientId: string): Promise<Array<{ entry: CatalogueEntry; enabled: boolean }>> {
  const [custom, configured] = await Promise.all([listCustomPlatforms(context.db, clientId), listPlatformAppKeys(context.db, clientId)]);
  return [...CATALOGUE, ...custom.map(customEntry)].map((entry) => ({ entry, enabled: entry.key === SANDBOX_KEY || configured.has(entry.key) }));
}

/** True when a connection to the platform can be authorized: the sandbox, or an app with credentials. */
export async function isPlatformEnabled(context: ServerContext, clientId: string, entry: CatalogueEntry): Promise<boolean> {
  if (!entry.oauth) return true;
  return (await getPlatformApp(context.db, clientId, entry.key)) !== undefined;
}

/** The clear refusal for a platform that is not set up for this client. */
export function platformNotEnabled(entry: CatalogueEntry): ApiError {
  const message = `Integration ${entry.key} (${entry.name}) is not enabled: set its app's client id and secret first (PUT /integrations/${entry.key}/credentials).`;
  return badRequest(message, [{ itemId: "body.platformKey", message, validatorName: "enabled" }]);
}

/** The client's app at the platform with its secret opened; undefined when none is set. */
export async function openAppCredentials(
  context: ServerContext,
  clientId: string,
  platformKey: string,
  db: Kysely<Database> = context.db,
): Promise<AppCredentials | undefined> {
  const app = await getPlatformApp(db, clientId, platformKey);
  if (!app) return undefined;
  return {
    clientId: app.oauthClientId,
    clientSecret: context.secretBox.openText(app.clientSecretSealed, secretAssociatedData(clientId, platformKey)),
    scopes: app.scopes,
  };
}

export interface CredentialsInput {
  clientId: string;
  clientSecret: string;
  scopes?: string[] | null;
}

/** Sets (or replaces) the client's app at the platform. */
export async function setCredentials(context: ServerContext, clientId: string, entry: CatalogueEntry, input: CredentialsInput): Promise<PlatformAppRecord> {
  if (!entry.oauth) throw badRequest(`${entry.name} connects with fixed credentials and needs no app.`);
  return savePlatformApp(context.db, {
    clientId,
    platformKey: entry.key,
    oauthClientId: input.clientId,
    clientSecretSealed: context.secretBox.sealText(input.clientSecret, secretAssociatedData(clientId, entry.key)),
    scopes: input.scopes ?? null,
    now: context.clock(),
  });
}

export async function getCredentials(context: ServerContext, clientId: string, platformKey: string): Promise<PlatformAppRecord | undefined> {
  return getPlatformApp(context.db, clientId, platformKey);
}

export async function deleteCredentials(context: ServerContext, clientId: string, platformKey: string): Promise<boolean> {
  return deletePlatformApp(context.db, clientId, platformKey);
}

/** What a client sends to add a platform of its own (defaults filled in by `toDefinition`). */
export interface CustomPlatformInput {
  name: string;
  sourceType?: "Accounting" | "Banking" | "Commerce";
  oauth: {
    issuer?: string;
    authorizeUrl: string;
    tokenUrl: string;
    revocationUrl?: string;
    apiBaseUrl: string;
    scopes?: string[];
    scopeSeparator?: " " | ",";
    authorizeParameters?: Record<string, string>;
    tokenParameters?: Record<string, string>;
    clientAuthentication?: "client_secret_basic" | "client_secret_post";
    pkce?: boolean;
    startParameters?: Array<{ name: string; label: string; placeholder?: string; pattern?: string }>;
    callbackParameters?: Array<{ name: string; pattern?: string }>;
    tokenResponseFields?: Array<{ name: string; pattern?: string }>;
    postConnect?: { kind: "xero-tenant"; url: string } | { kind: "lookup"; url: string; path: string; keep: { name: string; pattern?: string } };
    identity?: string;
    apiHeaders?: Record<string, string>;
    apiTokenHeader?: string;
    refreshMarginSeconds?: number;
    accessTokenLifetimeSeconds?: number;
    refreshTokenIdleDays?: number;
  };
}

/** A start parameter typed by whoever holds the link may reach a URL's host: one DNS label by default. */
const DEFAULT_START_PATTERN = "^[A-Za-z0-9][A-Za-z0-9-]{0,62}$";
/** A value from the platform: an id, never a URL's authority or path. */
const DEFAULT_KEPT_PATTERN = "^[A-Za-z0-9._~:+=-]{1,256}$";

/**
 * Patterns a client writes run on every flow: refuse the ones that can backtrack
 * catastrophically (a quantified group containing a quantifier) and very long ones.
 */
function patternProblem(pattern: string): string | undefined {
  if (pattern.length > 200) return "must be at most 200 characters";
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]/.test(pattern)) return "must not quantify a group that holds a quantifier";
  try {
    new RegExp(pattern);
  } catch {
    return "is not a valid regular expression";
  }
  if (!pattern.startsWith("^") || !pattern.endsWith("$")) return "must be anchored with ^ and $";
  return undefined;
}

function kept(value: { name: string; pattern?: string }, fallback: string): KeptValue {
  return { name: value.name, pattern: value.pattern ?? fallback };
}

/** The stored definition of a client's platform: the input with every default made explicit. */
export function toDefinition(input: CustomPlatformInput["oauth"]): OAuthDefinition {
  const postConnect: PostConnectStep | undefined =
    input.postConnect?.kind === "lookup"
      ? { kind: "lookup", url: input.postConnect.url, path: input.postConnect.path, keep: kept(input.postConnect.keep, DEFAULT_KEPT_PATTERN) }
      : input.postConnect;
  const startParameters: StartParameter[] = (input.startParameters ?? []).map((parameter) => ({
    ...kept(parameter, DEFAULT_START_PATTERN),
    label: parameter.label,
    placeholder: parameter.placeholder ?? "",
  }));
  return {
    ...(input.issuer ? { issuer: input.issuer } : {}),
    authorizeUrl: input.authorizeUrl,
    tokenUrl: input.tokenUrl,
    revocation: input.revocationUrl ? { kind: "rfc7009", url: input.revocationUrl } : { kind: "none" },
    scopes: input.scopes ?? [],
    scopeSeparator: input.scopeSeparator ?? " ",
    authorizeParameters: input.authorizeParameters ?? {},
    tokenParameters: input.tokenParameters ?? {},
    tokenRequestFormat: "form",
    clientAuthentication: input.clientAuthentication ?? "client_secret_basic",
    pkce: input.pkce ?? true,
    startParameters,
    callbackParameters: (input.callbackParameters ?? []).map((value) => kept(value, DEFAULT_KEPT_PATTERN)),
    tokenResponseFields: (input.tokenResponseFields ?? []).map((value) => kept(value, DEFAULT_KEPT_PATTERN)),
    ...(postConnect ? { postConnect } : {}),
    ...(input.identity ? { identity: input.identity } : {}),
    apiBaseUrl: input.apiBaseUrl,
    apiHeaders: input.apiHeaders ?? {},
    ...(input.apiTokenHeader === undefined ? {} : { apiTokenHeader: input.apiTokenHeader }),
    ...(input.refreshMarginSeconds === undefined ? {} : { refreshMarginSeconds: input.refreshMarginSeconds }),
    ...(input.accessTokenLifetimeSeconds === undefined ? {} : { accessTokenLifetimeSeconds: input.accessTokenLifetimeSeconds }),
    ...(input.refreshTokenIdleDays === undefined ? {} : { refreshTokenIdleDays: input.refreshTokenIdleDays }),
  };
}

/** Everything wrong with a definition, as validation items naming the field. */
export function definitionProblems(definition: OAuthDefinition, allowPrivate: boolean): ValidationItem[] {
  const problems: ValidationItem[] = [];
  const problem = (itemId: string, message: string) => problems.push({ itemId: `body.oauth.${itemId}`, message, validatorName: "definition" });
  const start = definition.startParameters.map((value) => value.name);
  const fromCallback = [...start, ...definition.callbackParameters.map((value) => value.name)];
  const fromToken = [...fromCallback, ...definition.tokenResponseFields.map((value) => value.name)];
  const stepKeeps = definition.postConnect ? [definition.postConnect.kind === "lookup" ? definition.postConnect.keep.name : "tenantId"] : [];
  const all = [...fromToken, ...stepKeeps];

  const checkUrl = (field: string, template: string, known: string[]) => {
    for (const name of placeholdersOf(template)) if (!known.includes(name)) problem(field, `{${name}} is not a value known at that point (known: ${known.join(", ") || "none"})`);
    let url: URL;
    try {
      url = new URL(template.replace(/\{[^}]*\}/g, "placeholder"));
    } catch {
      return problem(field, "must be an absolute URL");
    }
    const refused = refusedUrl(url, allowPrivate);
    if (refused) problem(field, refused);
  };
  checkUrl("authorizeUrl", definition.authorizeUrl, start);
  checkUrl("tokenUrl", definition.tokenUrl, fromCallback);
  if (definition.revocation.kind === "rfc7009") checkUrl("revocationUrl", definition.revocation.url, all);
  checkUrl("apiBaseUrl", definition.apiBaseUrl, all);
  if (definition.postConnect) checkUrl("postConnect.url", definition.postConnect.url, fromToken);
  if (definition.issuer !== undefined) {
    try {
      new URL(definition.issuer);
    } catch {
      problem("issuer", "must be an absolute URL");
    }
  }
  for (const [header, template] of Object.entries(definition.apiHeaders)) {
    for (const name of placeholdersOf(template)) if (!all.includes(name)) problem(`apiHeaders.${header}`, `{${name}} is not a value this platform keeps`);
  }
  const values: Array<[string, KeptValue]> = [
    ...definition.startParameters.map((value, index): [string, KeptValue] => [`startParameters.${index}.pattern`, value]),
    ...definition.callbackParameters.map((value, index): [string, KeptValue] => [`callbackParameters.${index}.pattern`, value]),
    ...definition.tokenResponseFields.map((value, index): [string, KeptValue] => [`tokenResponseFields.${index}.pattern`, value]),
    ...(definition.postConnect?.kind === "lookup" ? [["postConnect.keep.pattern", definition.postConnect.keep] as [string, KeptValue]] : []),
  ];
  for (const [field, value] of values) {
    const wrong = patternProblem(value.pattern);
    if (wrong) problem(field, `pattern ${wrong}`);
  }
  if (definition.identity !== undefined && !all.includes(definition.identity)) problem("identity", `must name a value this platform keeps (${all.join(", ") || "none"})`);
  return problems;
}

/** Adds or replaces one of the client's own platforms; built-in keys are refused. */
export async function saveCustomPlatform(context: ServerContext, clientId: string, key: string, input: CustomPlatformInput): Promise<CatalogueEntry> {
  if (findIntegration(key)) throw new ApiError(409, `${key} is a built-in platform; choose another key for your own platform.`);
  const step = input.oauth.postConnect;
  if (step?.kind === "lookup" && (!step.path || !step.keep)) {
    const message = "A lookup step needs the path of the value in the answer and the name to keep it under (path, keep).";
    throw badRequest(message, [{ itemId: "body.oauth.postConnect", message, validatorName: "definition" }]);
  }
  const definition = toDefinition(input.oauth);
  const problems = definitionProblems(definition, context.config.platformAllowPrivateUrls);
  if (problems.length > 0) throw badRequest(`The platform definition is not valid: ${problems[0]!.itemId} ${problems[0]!.message}.`, problems);
  const record = await storeCustomPlatform(context.db, { clientId, key, name: input.name, sourceType: input.sourceType ?? "Accounting", definition, now: context.clock() });
  return customEntry(record);
}

/** Removes one of the client's own platforms and its app; refused while connections use it. */
export async function removeCustomPlatform(context: ServerContext, clientId: string, key: string): Promise<void> {
  if (findIntegration(key)) throw new ApiError(409, `${key} is a built-in platform and cannot be removed.`);
  await context.db.transaction().execute(async (trx) => {
    // Held so that no connection to the platform is created while it goes.
    await lockClient(trx, clientId);
    if (!(await getCustomPlatform(trx, clientId, key))) throw notFound(`No integration was found with key ${key}`);
    const connections = await countConnectionsToPlatform(trx, clientId, key);
    if (connections > 0) throw new ApiError(409, `${connections} connection(s) use ${key}; delete them before the platform.`);
    await deletePlatformApp(trx, clientId, key);
    await deleteCustomPlatform(trx, clientId, key);
  });
}

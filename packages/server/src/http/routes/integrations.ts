// The integrations a client can connect (GET, as the contract has them: the built-in catalogue
// plus the client's own platforms, `enabled` once the client has set up its app there), their
// branding and lettermark logos; and, as this server's extension of the contract, each
// platform's OAuth definition, the client's app credentials per platform, and the client's own
// platforms (the generic OAuth 2.0 platform). The writes are services/platform-apps.ts.
import type { Branding, Integration, Integrations } from "@codat/platform/models";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { CATALOGUE, logoPath, logoSvg, type CatalogueEntry } from "../../catalogue/integrations.js";
import type { OAuthDefinition } from "../../oauth/definition.js";
import { callbackUrl } from "../../services/authorization.js";
import {
  deleteCredentials,
  findPlatform,
  getCredentials,
  isPlatformEnabled,
  listPlatforms,
  removeCustomPlatform,
  saveCustomPlatform,
  setCredentials,
  type CredentialsInput,
  type CustomPlatformInput,
} from "../../services/platform-apps.js";
import { toPage } from "../../storage/paging.js";
import { compareBy, matchesQuery } from "../../storage/query.js";
import type { PlatformAppRecord } from "../../storage/repositories/platform-apps.js";
import { notFound } from "../../errors.js";
import { clientIdOf } from "../plugins/auth.js";
import { listQuery, responses, type ListQuery } from "../schemas/common.js";
import { branding, integration, integrations } from "../schemas/resources.js";
import { credentialsBody, customPlatformBody, oauthDefinition, platformCredentials } from "../schemas/platforms.js";
import { toIntegration } from "../../wire.js";
import { pageRequest, withQueryErrors } from "./support.js";

const tags = ["Integrations"];
/** The fields `query` and `orderBy` may name on the list. */
const LIST_FIELDS = ["key", "name", "sourceType", "isBeta", "enabled"] as const;
const platformKeyParams = {
  type: "object",
  required: ["platformKey"],
  properties: { platformKey: { type: "string", description: "A unique 4-letter key of a platform." } },
} as const;
const customKeyParams = {
  type: "object",
  required: ["platformKey"],
  properties: { platformKey: { type: "string", pattern: "^[a-z]{4}$", description: "The 4-letter key of the client's own platform." } },
} as const;

/** The client's app at a platform as the API shows it: never the secret. */
function toCredentials(record: PlatformAppRecord, publicUrl: string) {
  return {
    platformKey: record.platformKey,
    clientId: record.oauthClientId,
    clientSecretSet: true,
    scopes: record.scopes,
    redirectUri: callbackUrl(publicUrl),
    created: record.created,
    modified: record.modified,
  };
}

export async function integrationRoutes(app: FastifyInstance): Promise<void> {
  const { context } = app;
  const publicUrl = context.config.publicUrl;

  async function requireEntry(request: FastifyRequest): Promise<CatalogueEntry> {
    const { platformKey } = request.params as { platformKey: string };
    const entry = /^[a-z]{4}$/.test(platformKey) ? await findPlatform(context, clientIdOf(request), platformKey) : undefined;
    if (!entry) throw notFound(`No integration was found with key ${platformKey}`);
    return entry;
  }

  app.get<{ Querystring: ListQuery }>(
    "/integrations",
    {
      config: { auth: "apiKeyOrBearer", operationId: "list-integrations" },
      schema: { tags, summary: "List integrations", querystring: listQuery, response: responses({ 200: integrations }) },
    },
    async (request): Promise<Integrations> => {
      const paging = pageRequest(request.query);
      const all = (await listPlatforms(context, clientIdOf(request))).map(({ entry, enabled }) => toIntegration(entry, publicUrl, enabled));
      const matching = await withQueryErrors(async () => {
        const filtered = paging.query ? all.filter(matchesQuery<Integration>(paging.query, LIST_FIELDS, "Integration")) : all;
        const order = compareBy<Integration>(paging.orderBy, LIST_FIELDS, "Integration");
        return order ? filtered.toSorted(order) : filtered;
      });
      const start = (paging.page - 1) * paging.pageSize;
      return toPage("/integrations", paging, matching.slice(start, start + paging.pageSize), matching.length) as Integrations;
    },
  );

  app.get(
    "/integrations/:platformKey",
    {
      config: { auth: "apiKeyOrBearer", operationId: "get-integration" },
      schema: { tags, summary: "Get integration", params: platformKeyParams, response: responses({ 200: integration }) },
    },
    async (request): Promise<Integration> => {
      const entry = await requireEntry(request);
      return toIntegration(entry, publicUrl, await isPlatformEnabled(context, clientIdOf(request), entry));
    },
  );

  app.get(
    "/integrations/:platformKey/branding",
    {
      config: { auth: "apiKeyOrBearer", operationId: "get-integrations-branding" },
      schema: { tags, summary: "Get branding", params: platformKeyParams, response: responses({ 200: branding }) },
    },
    async (request): Promise<Branding> => {
      const entry = await requireEntry(request);
      const image = { image: { src: `${publicUrl}${logoPath(entry.key)}`, alt: `${entry.name} logo` } };
      return { logo: { full: image, square: image }, button: { default: image, hover: image }, sourceId: entry.sourceId };
    },
  );

  app.get(
    "/integrations/:platformKey/definition",
    {
      config: { auth: "apiKey", operationId: "get-integration-definition" },
      schema: {
        tags,
        summary: "Get a platform's OAuth definition",
        description: "How the platform authorizes over OAuth 2.0 (this server's extension of the contract). The sandbox has none (404).",
        params: platformKeyParams,
        response: responses({ 200: oauthDefinition }),
      },
    },
    async (request): Promise<OAuthDefinition> => {
      const entry = await requireEntry(request);
      if (!entry.oauth) throw notFound(`${entry.name} is not an OAuth 2.0 platform`);
      return entry.oauth;
    },
  );

  app.get(
    "/integrations/:platformKey/credentials",
    {
      config: { auth: "apiKey", operationId: "get-integration-credentials" },
      schema: {
        tags,
        summary: "Get the app credentials set for a platform",
        description: "The client's app at the platform, without its secret (this server's extension of the contract).",
        params: platformKeyParams,
        response: responses({ 200: platformCredentials }),
      },
    },
    async (request) => {
      const entry = await requireEntry(request);
      const record = await getCredentials(context, clientIdOf(request), entry.key);
      if (!record) throw notFound(`No app credentials are set for ${entry.key}`);
      return toCredentials(record, publicUrl);
    },
  );

  app.put<{ Body: CredentialsInput }>(
    "/integrations/:platformKey/credentials",
    {
      config: { auth: "apiKey", operationId: "set-integration-credentials" },
      schema: {
        tags,
        summary: "Set the app credentials for a platform",
        description:
          "Sets (or replaces) the client id and secret of the client's app at the platform, and optionally the scopes to request instead of the platform's defaults. The secret is encrypted at rest and never returned. Register `redirectUri` from the answer at the platform. (This server's extension of the contract.)",
        params: platformKeyParams,
        body: credentialsBody,
        response: responses({ 200: platformCredentials }),
      },
    },
    async (request) => {
      const entry = await requireEntry(request);
      return toCredentials(await setCredentials(context, clientIdOf(request), entry, request.body), publicUrl);
    },
  );

  app.delete(
    "/integrations/:platformKey/credentials",
    {
      config: { auth: "apiKey", operationId: "delete-integration-credentials" },
      schema: {
        tags,
        summary: "Delete the app credentials of a platform",
        description: "The platform is no longer offered; existing connections keep their grants until they are unlinked. (This server's extension of the contract.)",
        params: platformKeyParams,
        response: responses({ 204: { type: "null" } }),
      },
    },
    async (request, reply) => {
      const entry = await requireEntry(request);
      if (!(await deleteCredentials(context, clientIdOf(request), entry.key))) throw notFound(`No app credentials are set for ${entry.key}`);
      return reply.code(204).send();
    },
  );

  app.put<{ Body: CustomPlatformInput; Params: { platformKey: string } }>(
    "/integrations/:platformKey",
    {
      config: { auth: "apiKey", operationId: "put-custom-integration" },
      schema: {
        tags,
        summary: "Add or replace a platform of your own",
        description:
          "A generic OAuth 2.0 platform described by its endpoints: how less common or self-built platforms are connected. The key must not be a built-in one. Set its app credentials next. (This server's extension of the contract.)",
        params: customKeyParams,
        body: customPlatformBody,
        response: responses({ 200: integration }),
      },
    },
    async (request): Promise<Integration> => {
      const clientId = clientIdOf(request);
      const entry = await saveCustomPlatform(context, clientId, request.params.platformKey, request.body);
      return toIntegration(entry, publicUrl, await isPlatformEnabled(context, clientId, entry));
    },
  );

  app.delete<{ Params: { platformKey: string } }>(
    "/integrations/:platformKey",
    {
      config: { auth: "apiKey", operationId: "delete-custom-integration" },
      schema: {
        tags,
        summary: "Remove a platform of your own",
        description: "Refused (409) while connections use it, and for built-in platforms. (This server's extension of the contract.)",
        params: customKeyParams,
        response: responses({ 204: { type: "null" } }),
      },
    },
    async (request, reply) => {
      await removeCustomPlatform(context, clientIdOf(request), request.params.platformKey);
      return reply.code(204).send();
    },
  );

  // Built-in logos by key; a client's own platforms share one neutral lettermark.
  const logos = new Map(CATALOGUE.map((entry) => [`${entry.key}.svg`, logoSvg(entry)]));
  app.get<{ Params: { file: string } }>(logoPath(":file").replace(".svg", ""), { config: { auth: "none" } }, async (request, reply) => {
    const svg = logos.get(request.params.file) ?? (/^[a-z]{4}\.svg$/.test(request.params.file) ? CUSTOM_LOGO : undefined);
    if (!svg) throw notFound();
    return reply
      .type("image/svg+xml")
      .header("cache-control", "public, max-age=86400")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(svg);
  });
}

const CUSTOM_LOGO = logoSvg({ key: "custom", name: "Platform", monogram: "OA", colour: "#374151" } as CatalogueEntry);


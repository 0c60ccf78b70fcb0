// The built-in integrations catalogue, its branding and the lettermark logos.
import type { Branding, Integration, Integrations } from "@codat/platform/models";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { CATALOGUE, findIntegration, logoPath, logoSvg, type CatalogueEntry } from "../../catalogue/integrations.js";
import { toPage } from "../../storage/paging.js";
import { matchesQuery } from "../../storage/query.js";
import { notFound } from "../../errors.js";
import { listQuery, responses, type ListQuery } from "../schemas/common.js";
import { branding, integration, integrations } from "../schemas/resources.js";
import { toIntegration } from "../../wire.js";
import { pageRequest, withQueryErrors } from "./support.js";

const tags = ["Integrations"];
const platformKeyParams = {
  type: "object",
  required: ["platformKey"],
  properties: { platformKey: { type: "string", description: "A unique 4-letter key of a platform." } },
} as const;

function requireEntry(request: FastifyRequest): CatalogueEntry {
  const { platformKey } = request.params as { platformKey: string };
  const entry = findIntegration(platformKey);
  if (!entry) throw notFound(`No integration was found with key ${platformKey}`);
  return entry;
}

export async function integrationRoutes(app: FastifyInstance): Promise<void> {
  const publicUrl = app.context.config.publicUrl;
  const all = CATALOGUE.map((entry) => toIntegration(entry, publicUrl));

  app.get<{ Querystring: ListQuery }>(
    "/integrations",
    {
      config: { auth: "apiKeyOrBearer", operationId: "list-integrations" },
      schema: { tags, summary: "List integrations", querystring: listQuery, response: responses({ 200: integrations }) },
    },
    async (request): Promise<Integrations> => {
      const paging = pageRequest(request.query);
      const matching = await withQueryErrors(async () =>
        paging.query ? all.filter(matchesQuery(paging.query, ["key", "name", "sourceType", "isBeta"], "Integration")) : all,
      );
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
    async (request): Promise<Integration> => toIntegration(requireEntry(request), publicUrl),
  );

  app.get(
    "/integrations/:platformKey/branding",
    {
      config: { auth: "apiKeyOrBearer", operationId: "get-integrations-branding" },
      schema: { tags, summary: "Get branding", params: platformKeyParams, response: responses({ 200: branding }) },
    },
    async (request): Promise<Branding> => {
      const entry = requireEntry(request);
      const image = { image: { src: `${publicUrl}${logoPath(entry.key)}`, alt: `${entry.name} logo` } };
      return { logo: { full: image, square: image }, button: { default: image, hover: image }, sourceId: entry.sourceId };
    },
  );

  const logos = new Map(CATALOGUE.map((entry) => [`${entry.key}.svg`, logoSvg(entry)]));
  app.get<{ Params: { file: string } }>(logoPath(":file").replace(".svg", ""), { config: { auth: "none" } }, async (request, reply) => {
    const svg = logos.get(request.params.file);
    if (!svg) throw notFound();
    return reply
      .type("image/svg+xml")
      .header("cache-control", "public, max-age=86400")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(svg);
  });
}

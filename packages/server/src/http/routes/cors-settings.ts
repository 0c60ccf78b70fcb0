// Allowed browser origins, one store behind both the old and the new path.
import type { ConnectionManagementAllowedOrigins } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { replaceCorsOrigins } from "../../storage/repositories/cors-origins.js";
import { badRequest, type ValidationItem } from "../errors.js";
import { clientIdOf } from "../plugins/auth.js";
import { responses } from "../schemas/common.js";
import { allowedOrigins, allowedOriginsBody } from "../schemas/resources.js";

/** `https://Example.com:443/` → `https://example.com`; undefined when it is not a bare origin. */
export function normaliseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) return undefined;
  return url.origin;
}

export async function corsSettingsRoutes(app: FastifyInstance): Promise<void> {
  const { platform } = app;

  for (const [path, deprecated, suffix] of [
    ["/connectionManagement/corsSettings", true, "connection-management-cors-settings"],
    ["/corsSettings", false, "cors-settings"],
  ] as const) {
    const tags = ["Connection management"];
    app.get(
      path,
      {
        config: { auth: "apiKey", operationId: `get-${suffix}` },
        schema: { tags, summary: "Get CORS settings", deprecated, response: responses({ 200: allowedOrigins }) },
      },
      async (request): Promise<ConnectionManagementAllowedOrigins> => ({
        allowedOrigins: await platform.corsOrigins(clientIdOf(request)),
      }),
    );

    app.post<{ Body: { allowedOrigins: string[] } }>(
      path,
      {
        config: { auth: "apiKey", operationId: `set-${suffix}` },
        schema: { tags, summary: "Set CORS settings", deprecated, body: allowedOriginsBody, response: responses({ 200: allowedOrigins }) },
      },
      async (request): Promise<ConnectionManagementAllowedOrigins> => {
        const clientId = clientIdOf(request);
        const errors: ValidationItem[] = [];
        const origins = new Set<string>();
        request.body.allowedOrigins.forEach((value, index) => {
          const origin = normaliseOrigin(value);
          if (origin) origins.add(origin);
          else
            errors.push({
              itemId: `body.allowedOrigins.${index}`,
              message: "must be an http(s) origin such as https://app.example.com (no path, query or fragment)",
              validatorName: "origin",
            });
        });
        if (errors.length > 0) throw badRequest("Error processing request - not valid.", errors);
        // Stored and listed in code-point order, so GET answers exactly what POST answered.
        const sorted = [...origins].sort();
        await replaceCorsOrigins(platform.db, clientId, sorted, platform.clock());
        platform.forgetCorsOrigins(clientId);
        return { allowedOrigins: sorted };
      },
    );
  }
}

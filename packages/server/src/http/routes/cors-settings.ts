// Allowed browser origins, one store behind both the old and the new path.
import type { ConnectionManagementAllowedOrigins } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { setAllowedOrigins } from "../../services/cors-settings.js";
import { clientIdOf } from "../plugins/auth.js";
import { responses } from "../schemas/common.js";
import { allowedOrigins, allowedOriginsBody } from "../schemas/resources.js";

export async function corsSettingsRoutes(app: FastifyInstance): Promise<void> {
  const { context } = app;

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
        allowedOrigins: await context.caches.corsOrigins(clientIdOf(request)),
      }),
    );

    app.post<{ Body: { allowedOrigins: string[] } }>(
      path,
      {
        config: { auth: "apiKey", operationId: `set-${suffix}` },
        schema: { tags, summary: "Set CORS settings", deprecated, body: allowedOriginsBody, response: responses({ 200: allowedOrigins }) },
      },
      async (request): Promise<ConnectionManagementAllowedOrigins> => {
        return { allowedOrigins: await setAllowedOrigins(context, clientIdOf(request), request.body.allowedOrigins) };
      },
    );
  }
}

// Liveness and readiness for orchestrators and load balancers.
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { ApiError } from "../../errors.js";

const status = { type: "object", properties: { status: { type: "string" } } } as const;

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/healthz",
    { config: { auth: "none" }, schema: { tags: ["Health"], summary: "Alive", response: { 200: status } } },
    async () => ({ status: "ok" }),
  );

  app.get(
    "/readyz",
    {
      config: { auth: "none" },
      schema: { tags: ["Health"], summary: "Ready: the database answers", response: { 200: status } },
    },
    async (request) => {
      try {
        await sql`select 1`.execute(app.context.db);
      } catch (error) {
        request.log.error({ err: error }, "database not reachable");
        throw new ApiError(503, "The database is not reachable.", { canBeRetried: "True" });
      }
      return { status: "ready" };
    },
  );
}

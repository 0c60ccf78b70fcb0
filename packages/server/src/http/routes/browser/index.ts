// Everything the browser side needs from the server, registered by the app with one line:
// the Connections UI module, its reconnect endpoint, the hosted authorisation page behind a
// signed `linkUrl`, and the demo host application. (CORS lives in plugins/cors.ts.)
import type { FastifyInstance } from "fastify";
import { registerAuthorizePage } from "./authorize.js";
import { registerDemo } from "./demo.js";
import { LinkTokens } from "./link-tokens.js";
import { registerReconnect } from "./reconnect.js";
import { sdkFileRoute } from "./sdk-file.js";

export { DEMO_PATH, setDemoAccess, type DemoAccess } from "./demo.js";

export async function browserRoutes(app: FastifyInstance): Promise<void> {
  const { signingKeys, config, clock } = app.platform;
  const linkTokens = new LinkTokens(signingKeys, config.publicUrl, clock);
  await sdkFileRoute(app);
  registerReconnect(app, linkTokens);
  // Its own child context: the HTML form parser it adds must not reach the API routes.
  await app.register(async (pages) => registerAuthorizePage(pages, linkTokens));
  registerDemo(app);
}

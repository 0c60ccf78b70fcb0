// Everything the browser side needs from the server, registered by the app with one line:
// the Connections UI module, its reconnect endpoint, the authorization start behind every
// connection's `linkUrl` and the platforms' callback, the company link page behind every company's `redirect`, and the demo
// host application. (CORS lives in plugins/cors.ts.)
import type { FastifyInstance } from "fastify";
import { registerAuthorizePage } from "./authorize.js";
import { registerCompanyLinkPage } from "./company-link.js";
import { CompanyLinkFormTokens } from "../../../tokens/company-link-form-tokens.js";
import { registerDemo } from "./demo.js";
import { LinkTokens } from "../../../tokens/link-tokens.js";
import { registerOAuthCallback } from "./oauth-callback.js";
import { registerReconnect } from "./reconnect.js";
import { sdkFileRoute } from "./sdk-file.js";

export { DEMO_PATH, setDemoAccess, type DemoAccess } from "./demo.js";

export async function browserRoutes(app: FastifyInstance): Promise<void> {
  const { keyRing, config, clock } = app.context;
  const linkTokens = new LinkTokens(keyRing, config.publicUrl, clock);
  await sdkFileRoute(app);
  registerReconnect(app);
  registerOAuthCallback(app);
  // Their own child context: the HTML form parser the authorization page adds, which the
  // company link page's form uses too, must not reach the API routes.
  await app.register(async (pages) => {
    registerAuthorizePage(pages, linkTokens);
    registerCompanyLinkPage(pages, new CompanyLinkFormTokens(keyRing, config.publicUrl, clock));
  });
  registerDemo(app);
}

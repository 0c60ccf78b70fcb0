// /demo: "Acme Lending", a fictional host application, showing the whole Connections UI flow.
// Its own back-end route, POST /demo/api/connections-token, plays the host's server: it asks
// this very API for a token with the SDK and an API key of the demo's own, so the browser only
// ever sees the token. The page then opens the component in a modal.
//
// Off unless DEMO_PAGE=true (`npm start` sets it). The token route is unauthenticated, so it
// has a budget of its own: its own API key (the operator's key and its rate limit are never
// touched), a per-address limit, and no SDK retries (an over-limit call fails at once instead
// of being held).
//
// With it, in a single process, the demo platform (demo/demo-platform.ts): a real OAuth 2.0
// authorization server under /demo-platform that the demo company's `demo` connection authorizes
// with, so the quick start shows the real flow offline.
import type { CodatPlatform } from "@codat/platform";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../../../context.js";
import { DEMO_PLATFORM_PATH, demoPlatformEnabled, startDemoPlatform } from "../../../demo/demo-platform.js";
import { ApiError, MESSAGES, notFound } from "../../../errors.js";
import { InMemoryRateLimiter } from "../../../rate-limits/rate-limiter.js";
import { sendPage } from "./html.js";

/** Tokens one client address may get from the demo's token route per minute. */
export const DEMO_TOKENS_PER_ADDRESS_PER_MINUTE = 20;

export interface DemoAccess {
  /** The demo page's own API key (kept server-side; never the operator's). */
  apiKey: string;
  /** The seeded demo company. */
  companyId: string;
}

export const DEMO_PATH = "/demo";

const DEMO_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f6f3ee;color:#1f2328;font:15px/1.5 Georgia,"Times New Roman",serif}
header{display:flex;align-items:center;gap:12px;padding:16px 28px;background:#143d33;color:#fff}
header strong{font-size:20px}
main{max-width:760px;margin:32px auto;padding:0 20px}
.card{padding:24px;border-radius:10px;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{margin:0 0 8px;font-size:24px}
button{min-height:40px;padding:8px 18px;border:0;border-radius:6px;background:#143d33;color:#fff;font:600 15px system-ui,sans-serif;cursor:pointer}
button:disabled{opacity:.7;cursor:default}
:focus-visible{outline:3px solid #c2410c;outline-offset:2px}
dialog{width:460px;max-width:calc(100vw - 16px);height:840px;max-height:calc(100vh - 16px);padding:0;border:0;border-radius:12px;box-shadow:0 12px 40px rgba(0,0,0,.3)}
dialog::backdrop{background:rgba(20,30,30,.55)}
#connections{width:100%;height:100%}
#log{margin:16px 0 0;padding-left:20px;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;color:#3d444d}
`;

const DEMO_SCRIPT = `
import { CodatConnections } from "/connections-sdk.js";
const dialog = document.getElementById("modal");
const target = document.getElementById("connections");
const open = document.getElementById("open");
const log = document.getElementById("log");
const nonce = document.querySelector("script[nonce]").nonce;
let ui;
const note = (text) => { const item = document.createElement("li"); item.textContent = text; log.prepend(item); };
// However the dialog closes (the component's close button, or Escape when the component did
// not use it itself), the component goes and focus returns to the button that opened it.
dialog.addEventListener("close", () => { ui?.destroy(); ui = undefined; open.focus(); });
const close = () => dialog.close();
open.addEventListener("click", async () => {
  open.disabled = true;
  try {
    // Our own back end gets the token; the API key never reaches this page.
    const response = await fetch("/demo/api/connections-token", { method: "POST", headers: { accept: "application/json" } });
    if (!response.ok) throw new Error("token request failed with " + response.status);
    const { accessToken } = await response.json();
    dialog.showModal();
    ui = new CodatConnections({
      target,
      props: {
        accessToken,
        onClose: close,
        onError: (e) => note("onError " + JSON.stringify(e)),
        onDisconnect: ({ connectionId }) => note("onDisconnect " + connectionId),
        onReconnect: ({ connectionId }) => note("onReconnect " + connectionId),
        options: {
          nonce,
          text: {
            "accounting.connectionDetails.dataTypes": ["**Invoices** and bills", "Profit and loss", "Balance sheet"],
            "banking.connectionDetails.dataTypes": ["Bank accounts", "Transactions"],
            "commerce.connectionDetails.dataTypes": ["Orders", "Payouts"],
          },
        },
      },
    });
  } catch (error) {
    note(String(error));
  } finally {
    open.disabled = false;
  }
});
`;

const DEMO_BODY = `<header><strong>Acme Lending</strong><span>Business loans in minutes</span></header>
<main>
<section class="card">
<h1>Your loan application</h1>
<p>We read your accounting, banking and commerce data to decide faster. You stay in control of
what we can see: review, disconnect or reconnect your business platforms at any time.</p>
<button type="button" id="open">Manage connections</button>
<ul id="log" aria-label="Events reported by the component"></ul>
</section>
</main>
<dialog id="modal" aria-label="Manage connections"><div id="connections"></div></dialog>`;

/** Set once the demo company is seeded (main.ts), keyed by the app's platform services. */
const demoAccess = new WeakMap<ServerContext, DemoAccess>();

/** Turns the demo on: `/demo` answers 404 until the server knows its company and API key. */
export function setDemoAccess(context: ServerContext, access: DemoAccess): void {
  demoAccess.set(context, access);
}

export function registerDemo(app: FastifyInstance): void {
  const { context } = app;
  let client: { apiKey: string; sdk: CodatPlatform } | undefined;
  const sdkFor = async (apiKey: string) => {
    if (client?.apiKey !== apiKey) {
      // Loaded on first use: the API itself does not need the SDK to start.
      const { CodatPlatform } = await import("@codat/platform");
      const authHeader = `Basic ${Buffer.from(apiKey).toString("base64")}`;
      const sdk = new CodatPlatform({ authHeader, serverURL: context.config.publicUrl, retryConfig: { strategy: "none" } });
      client = { apiKey, sdk };
    }
    return client.sdk;
  };
  if (demoPlatformEnabled(context.config)) registerDemoPlatform(app);
  const requireDemo = () => {
    const access = demoAccess.get(context);
    if (!access) throw notFound();
    return access;
  };

  app.get(DEMO_PATH, { config: { auth: "none" } }, async (_request, reply) => {
    requireDemo();
    return sendPage(reply, {
      title: "Acme Lending: manage connections",
      css: DEMO_CSS,
      body: DEMO_BODY,
      script: DEMO_SCRIPT,
      csp: { "script-src": "'self'", "connect-src": "'self'" },
    });
  });

  // The host's back end. A real host would first check that its signed-in user owns the company.
  const perAddress = new InMemoryRateLimiter(DEMO_TOKENS_PER_ADDRESS_PER_MINUTE);
  app.post(`${DEMO_PATH}/api/connections-token`, { config: { auth: "none" } }, async (request, reply) => {
    const { apiKey, companyId } = requireDemo();
    reply.header("cache-control", "no-store");
    const limit = perAddress.hit(request.ip);
    if (!limit.allowed) {
      throw new ApiError(429, MESSAGES[429], { canBeRetried: "True", headers: { "retry-after": String(limit.retryAfterSeconds) } });
    }
    try {
      const { accessToken } = await (await sdkFor(apiKey)).connectionManagement.getAccessToken({ companyId });
      return { accessToken };
    } catch (error) {
      app.log.warn({ err: error }, "demo token request failed");
      throw new ApiError(503, "The demo could not get a token from the API.");
    }
  });
}

/**
 * Mounts the demo platform at DEMO_PLATFORM_PATH: one catch-all route, public, that hijacks the
 * reply and hands the raw request and response to oidc-provider, which answers them itself
 * (its pages, its JSON errors, its cookies): none of the app's reply hooks, error handler or
 * page headers apply to them. In a scope of its own, where request bodies are left unread for
 * the provider to parse (its pages' form posts, the token endpoint).
 */
function registerDemoPlatform(app: FastifyInstance): void {
  void app.register(async (scope) => {
    const platform = await startDemoPlatform(scope.context);
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.route({
      method: ["GET", "POST"],
      url: `${DEMO_PLATFORM_PATH}/*`,
      config: { auth: "none" },
      handler: (request, reply) => {
        reply.hijack();
        platform.handle(request.raw, reply.raw);
      },
    });
  });
}

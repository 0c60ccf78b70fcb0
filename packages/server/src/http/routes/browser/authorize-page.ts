// The pages of a connection's authorisation: the sandbox's consent page (the sandbox has no
// platform of its own to send the person to), the question a platform needs answered before
// its consent page (a Shopify shop), and what the person sees once it is over.
import type { FastifyReply } from "fastify";
import type { CallbackOutcome, FailureReason } from "../../../services/authorization.js";
import type { StartParameter } from "../../../oauth/definition.js";
import { escapeHtml, sendPage } from "./html.js";

export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f3f5f8;color:#1b1f24;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{width:min(440px,100% - 32px);padding:28px;border-radius:12px;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{margin:0 0 12px;font-size:20px}
p{margin:0 0 12px}
.buttons{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;margin-top:20px}
button{min-height:40px;padding:8px 16px;border:1px solid #8b95a3;border-radius:6px;background:#fff;color:#1b1f24;font:inherit;font-weight:600;cursor:pointer}
button.primary{border-color:#1849c6;background:#1849c6;color:#fff}
:focus-visible{outline:3px solid #1849c6;outline-offset:2px}
.muted{color:#4a5462;font-size:13px}
`;

export interface AuthorizeDetails {
  companyName: string;
  platformName: string;
  /** Where the form posts to: the page's own URL, grant included. */
  action: string;
  /** The connection was never authorised (PendingAuth): "Connect", not "Reconnect". */
  firstTime: boolean;
}

export function sendAuthorizePage(reply: FastifyReply, details: AuthorizeDetails): FastifyReply {
  const platform = escapeHtml(details.platformName);
  const verb = details.firstTime ? "Connect" : "Reconnect";
  return sendPage(reply, {
    title: `${verb} ${details.platformName}`,
    css: PAGE_CSS,
    body: `<main>
<h1>${verb} ${platform}</h1>
<p>Allow the application to read <strong>${escapeHtml(details.companyName)}</strong>'s data from ${platform}${details.firstTime ? "" : " again"}?</p>
<p class="muted">You can disconnect it at any time.</p>
<form method="post" action="${escapeHtml(details.action)}" class="buttons">
<button type="submit" name="decision" value="deny">Cancel</button>
<button type="submit" name="decision" value="approve" class="primary" autofocus>Allow access</button>
</form>
</main>`,
  });
}

export type Outcome = "connected" | "reconnected" | "not-connected" | "already-connected";

/** After a decision: says what happened and closes the window the component opened. */
export function sendOutcomePage(reply: FastifyReply, details: { platformName: string; outcome: Outcome }): FastifyReply {
  const platform = escapeHtml(details.platformName);
  const headline: Record<Outcome, string> = {
    connected: `${platform} is connected`,
    reconnected: `${platform} is connected again`,
    "not-connected": `${platform} was not connected`,
    "already-connected": `${platform} is already connected`,
  };
  const success = details.outcome !== "not-connected";
  return sendPage(reply, {
    title: headline[details.outcome].replace(/&[^;]+;/g, ""),
    css: PAGE_CSS,
    body: `<main role="status">
<h1>${headline[details.outcome]}</h1>
<p>You can close this window and return to the application.</p>
</main>`,
    // Windows opened by the component may close themselves; any other is left open.
    ...(success ? { script: "setTimeout(() => window.close(), 800);" } : {}),
  });
}

/** What the person sees after the platform sent them back (services/authorization.ts). */
export function sendCallbackOutcomePage(reply: FastifyReply, outcome: Exclude<CallbackOutcome, { kind: "unknown" }>): FastifyReply {
  if (outcome.kind === "linked") return sendOutcomePage(reply, { platformName: outcome.platformName, outcome: outcome.firstTime ? "connected" : "reconnected" });
  if (outcome.kind === "settled") {
    if (outcome.linked) return sendOutcomePage(reply, { platformName: outcome.platformName, outcome: "already-connected" });
    return sendMessagePage(reply, { title: "This connection no longer exists", text: "It was removed while you were away. Go back to the application to connect again." }, 410);
  }
  const platform = outcome.platformName;
  const next: Record<FailureReason, string> = {
    denied: `To connect ${platform}, go back to the application and choose Connect again, then allow access.`,
    refused: "Go back to the application and try again. If it keeps failing, contact the application's support.",
    unreachable: "Try again in a few minutes from the application.",
    replayed: "Go back to the application and start again.",
    "other-browser": "Start again from the application, in this browser.",
    expired: "Go back to the application and start again.",
    "different-account": "Go back to the application and reconnect with the account you used before.",
    "not-enabled": "Ask the application to set up this platform.",
  };
  return sendMessagePage(reply, { title: `${platform} was not connected`, text: outcome.message, next: next[outcome.reason] }, 400);
}

function sendMessagePage(reply: FastifyReply, message: { title: string; text: string; next?: string }, statusCode: number): FastifyReply {
  return sendPage(
    reply,
    {
      title: message.title,
      css: PAGE_CSS,
      body: `<main role="alert">
<h1>${escapeHtml(message.title)}</h1>
<p>${escapeHtml(message.text)}</p>
${message.next ? `<p>${escapeHtml(message.next)}</p>` : ""}
</main>`,
    },
    statusCode,
  );
}

export function sendInvalidLinkPage(reply: FastifyReply): FastifyReply {
  return sendMessagePage(
    reply,
    {
      title: "This link is not valid",
      text: "The connection it was for no longer exists, or the link was already used or has expired.",
      next: "Go back to the application and choose Connect or Reconnect again.",
    },
    400,
  );
}

export function sendNotEnabledPage(reply: FastifyReply, platformName: string): FastifyReply {
  return sendMessagePage(
    reply,
    {
      title: `${platformName} cannot be connected yet`,
      text: `The application has not set up ${platformName} yet.`,
      next: "Ask the application's support to set it up, then try again.",
    },
    409,
  );
}

export interface AskDetails {
  platformName: string;
  companyName: string;
  /** The start page's own path: the form sends its values there (GET). */
  action: string;
  parameters: StartParameter[];
  values: Record<string, string>;
  problem?: string;
}

/** Asks for the values the platform needs before its consent page (a Shopify shop). */
export function sendAskPage(reply: FastifyReply, details: AskDetails): FastifyReply {
  const platform = escapeHtml(details.platformName);
  const fields = details.parameters
    .map((parameter, index) => {
      const id = `parameter-${index}`;
      const value = details.values[parameter.name] ?? "";
      return `<p><label for="${id}">${escapeHtml(parameter.label)}</label><br>
<input id="${id}" name="${escapeHtml(parameter.name)}" value="${escapeHtml(value)}" placeholder="${escapeHtml(parameter.placeholder)}" required autocomplete="off" spellcheck="false"${index === 0 ? " autofocus" : ""}></p>`;
    })
    .join("\n");
  return sendPage(
    reply,
    {
      title: `Connect ${details.platformName}`,
      css: `${PAGE_CSS}\ninput{width:100%;min-height:40px;padding:8px;border:1px solid #8b95a3;border-radius:6px;font:inherit}\n.problem{color:#a31b1b}`,
      body: `<main>
<h1>Connect ${platform}</h1>
<p>Which ${platform} account should <strong>${escapeHtml(details.companyName)}</strong> connect?</p>
${details.problem ? `<p class="problem" role="alert">${escapeHtml(details.problem)}</p>` : ""}
<form method="get" action="${escapeHtml(details.action)}">
${fields}
<div class="buttons"><button type="submit" class="primary">Continue to ${platform}</button></div>
</form>
</main>`,
      // The form leads (through this server's redirect) to the platform's own consent page.
      csp: { "form-action": "https: http:" },
    },
    details.problem ? 400 : 200,
  );
}

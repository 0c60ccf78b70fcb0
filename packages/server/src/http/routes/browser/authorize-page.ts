// The pages of a connection's authorization: the sandbox's consent page (the sandbox has no
// platform of its own to send the person to), the question a platform needs answered before
// its consent page (a Shopify shop), and what the person sees once it is over: a success, error
// or info notice, what to do next, and the way back to the application when its client has one.
import type { FastifyReply } from "fastify";
import type { CallbackOutcome, FailureReason } from "../../../services/authorization.js";
import type { StartParameter } from "../../../oauth/definition.js";
import { escapeHtml, sendPage } from "./html.js";
import { dataOf, notice, PAGE_CSS, returnLink, type ClientApplication, type NoticeKind } from "./page-parts.js";

export interface AuthorizeDetails {
  /** Who gets access: the client's application. */
  applicationName: string;
  companyName: string;
  platformName: string;
  /** The connection's source type: what data it shares. */
  sourceType: string;
  /** Where the form posts to: the page's own URL, grant included. */
  action: string;
  /** The connection was never authorized (PendingAuth): "Connect", not "Reconnect". */
  firstTime: boolean;
}

/** The sandbox's consent page: it names who gets access to what of whom. */
export function sendAuthorizePage(reply: FastifyReply, details: AuthorizeDetails): FastifyReply {
  const platform = escapeHtml(details.platformName);
  const verb = details.firstTime ? "Connect" : "Reconnect";
  return sendPage(reply, {
    title: `${verb} ${details.platformName}`,
    css: PAGE_CSS,
    body: `<main>
<h1>${verb} ${platform}</h1>
<p><strong>${escapeHtml(details.applicationName)}</strong> will be able to read the ${escapeHtml(dataOf(details.sourceType))} of <strong>${escapeHtml(details.companyName)}</strong> in ${platform}${details.firstTime ? "" : " again"}.</p>
<p class="muted">You can disconnect it at any time.</p>
<form method="post" action="${escapeHtml(details.action)}" class="buttons">
<button type="submit" name="decision" value="deny">Cancel</button>
<button type="submit" name="decision" value="approve" class="primary" autofocus>Allow access</button>
</form>
</main>`,
  });
}

export type Outcome = "connected" | "reconnected" | "not-connected" | "already-connected";

interface OutcomeDetails {
  platformName: string;
  outcome: Outcome;
  /** The client's application, for "Return to …"; undefined when unknown. */
  application?: ClientApplication | undefined;
}

const CLOSE_WINDOW = "You can close this window and return to the application.";

/**
 * What to do once done: return to the application (its redirect URL), or close the window. In
 * a window the Connections UI opened, POPUP_SCRIPT swaps the link for the sentence: the
 * application is still open behind it.
 */
function nextStep(application: ClientApplication | undefined): string {
  const link = returnLink(application);
  return link ? `<div class="buttons" data-return>${link}</div>
<p data-popup hidden>${CLOSE_WINDOW}</p>` : `<p>${CLOSE_WINDOW}</p>`;
}

const POPUP_SCRIPT = `if (window.opener) for (const element of document.querySelectorAll("[data-return],[data-popup]")) element.hidden = !element.hidden;`;

/** After a decision: says what happened; a window the Connections UI opened closes itself after a success. */
export function sendOutcomePage(reply: FastifyReply, details: OutcomeDetails): FastifyReply {
  const platform = details.platformName;
  const outcomes: Record<Outcome, { kind: NoticeKind; headline: string; detail?: string }> = {
    connected: { kind: "success", headline: `${platform} is connected` },
    reconnected: { kind: "success", headline: `${platform} is connected again` },
    "not-connected": { kind: "info", headline: `${platform} was not connected`, detail: "You canceled, so nothing was shared. To connect it later, choose Connect again in the application." },
    "already-connected": { kind: "info", headline: `${platform} is already connected`, detail: "Nothing needed to change." },
  };
  const { kind, headline, detail } = outcomes[details.outcome];
  const success = kind === "success";
  return sendPage(reply, {
    title: headline,
    css: PAGE_CSS,
    body: `<main>
${notice(kind, headline, detail ? `<p>${escapeHtml(detail)}</p>` : "", { heading: true })}
${nextStep(details.application)}
</main>`,
    // Windows opened by the component may close themselves; a browser leaves any other open.
    script: success ? `${POPUP_SCRIPT}\nsetTimeout(() => window.close(), 800);` : POPUP_SCRIPT,
  });
}

/** What the person sees after the platform sent them back (services/authorization.ts). */
export function sendCallbackOutcomePage(reply: FastifyReply, outcome: Exclude<CallbackOutcome, { kind: "unknown" }>, application: ClientApplication | undefined): FastifyReply {
  if (outcome.kind === "linked") {
    return sendOutcomePage(reply, { platformName: outcome.platformName, outcome: outcome.firstTime ? "connected" : "reconnected", application });
  }
  if (outcome.kind === "settled") {
    if (outcome.linked) return sendOutcomePage(reply, { platformName: outcome.platformName, outcome: "already-connected", application });
    return sendMessagePage(reply, { title: "This connection no longer exists", text: "It was removed while you were away.", next: "Go back to the application to connect again.", application }, 410);
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
    "not-enabled": "Ask the application's support to set up this platform.",
  };
  return sendMessagePage(reply, { title: `${platform} was not connected`, text: outcome.message, next: next[outcome.reason], application }, 400);
}

interface Message {
  title: string;
  text: string;
  next?: string;
  application?: ClientApplication | undefined;
}

function sendMessagePage(reply: FastifyReply, message: Message, statusCode: number): FastifyReply {
  return sendPage(
    reply,
    {
      title: message.title,
      css: PAGE_CSS,
      body: `<main>
${notice("error", message.title, `<p>${escapeHtml(message.text)}</p>${message.next ? `<p>${escapeHtml(message.next)}</p>` : ""}`, { heading: true })}
${message.application?.returnUrl ? nextStep(message.application) : ""}
</main>`,
      script: POPUP_SCRIPT,
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

export function sendNotEnabledPage(reply: FastifyReply, platformName: string, application: ClientApplication | undefined): FastifyReply {
  return sendMessagePage(
    reply,
    {
      title: `${platformName} cannot be connected yet`,
      text: `The application has not set up ${platformName} yet.`,
      next: "Ask the application's support to set it up, then try again.",
      application,
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
      css: `${PAGE_CSS}\ninput{width:100%;min-height:40px;padding:8px;border:1px solid #8b95a3;border-radius:6px;font:inherit}`,
      body: `<main>
<h1>Connect ${platform}</h1>
<p>Which ${platform} account should <strong>${escapeHtml(details.companyName)}</strong> connect?</p>
${details.problem ? notice("error", details.problem, "<p>Check the value and continue again.</p>") : ""}
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

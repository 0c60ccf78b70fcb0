// The hosted authorisation page behind a connection's `linkUrl`: the company's user
// approves (or declines) giving the application access to the platform, for the first time (a
// connection opened on the company link page) or again (a reconnection). This server
// has no real third-party platforms to send the user to, so approving here stands in for
// the platform's own consent screen.
import type { FastifyReply } from "fastify";
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

/** After a decision: says what happened and closes the window the component opened. */
export function sendOutcomePage(reply: FastifyReply, platformName: string, approved: boolean, firstTime: boolean): FastifyReply {
  const platform = escapeHtml(platformName);
  return sendPage(reply, {
    title: approved ? `${platformName} connected` : `${platformName} not connected`,
    css: PAGE_CSS,
    body: `<main role="status">
<h1>${approved ? `${platform} is connected${firstTime ? "" : " again"}` : `${platform} was not connected`}</h1>
<p>You can close this window and return to the application.</p>
</main>`,
    // Windows opened by the component may close themselves; any other is left open.
    script: "setTimeout(() => window.close(), 800);",
  });
}

export function sendInvalidLinkPage(reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    {
      title: "Link expired",
      css: PAGE_CSS,
      body: `<main>
<h1>This link has expired</h1>
<p>Authorisation links work for a few minutes only. Go back to the application and choose Reconnect again.</p>
</main>`,
    },
    400,
  );
}

// A stand-in for the application that embeds the Connections UI: a tiny node:http server on
// its own loopback port (so its own origin) serving one page that imports the component from
// the API server, under a strict Content-Security-Policy that only the component's nonce
// satisfies. Drive the page with ./component-page.ts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const NONCE = "aG9zdC1ub25jZS0xMjM0";

export interface HostPage {
  /** The page's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  url: string;
  close(): Promise<void>;
}

/** The page exposes `window.mount(accessToken, options?)` and records every callback in
 * `window.events`, so tests can drive the component and read what it reported. */
export function hostPageHtml(serverUrl: string, box = { width: 460, height: 840 }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host application</title>
<style nonce="${NONCE}">body{margin:0;font-family:serif;color:#f00}#target{width:${box.width}px;height:${box.height}px}</style>
</head>
<body>
<main><h1>Host application</h1><div id="target"></div></main>
<script type="module" nonce="${NONCE}">
import { CodatConnections } from "${serverUrl}/connections-sdk.js";
window.events = [];
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
window.mount = (accessToken, options = {}) => {
  window.ui = new CodatConnections({
    target: document.getElementById("target"),
    props: {
      accessToken,
      options: { nonce: "${NONCE}", ...options },
      onClose: () => window.events.push({ type: "close" }),
      onError: (error) => window.events.push({ type: "error", error }),
      onDisconnect: (args) => window.events.push({ type: "disconnect", args }),
      onReconnect: (args) => window.events.push({ type: "reconnect", args }),
    },
  });
};
window.hostReady = true;
</script>
</body>
</html>`;
}

export function contentSecurityPolicy(serverUrl: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${NONCE}' ${serverUrl}`,
    `style-src 'nonce-${NONCE}'`,
    `connect-src ${serverUrl}`,
    `img-src ${serverUrl} data:`,
  ].join("; ");
}

export async function serveHostPage(html: string, csp?: string): Promise<HostPage> {
  const server = createServer((request, response) => {
    if (request.url !== "/") {
      response.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
    if (csp) headers["content-security-policy"] = csp;
    response.writeHead(200, headers).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

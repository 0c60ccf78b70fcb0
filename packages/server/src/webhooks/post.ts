// One HTTP POST of a webhook body to a consumer URL, through the SSRF guard, with an overall
// deadline. Built on node:http(s) rather than fetch because the guard must see (and may veto)
// the address each new socket connects to; redirects are not followed, so a 3xx cannot bounce
// the request to an internal address either.
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { guardedLookup, hostOf, isForbiddenAddress } from "./url-guard.js";

export interface PostOutcome {
  /** 2xx from the receiver. */
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

export interface WebhookPoster {
  post(target: string, body: string, headers: Record<string, string>): Promise<PostOutcome>;
  /** Closes the keep-alive sockets (on shutdown). */
  close(): void;
}

/**
 * A poster with its own keep-alive sockets, so a burst of events to one receiver reuses
 * connections. Each new socket still goes through `guardedLookup`.
 */
export function createWebhookPoster(options: PostOptions): WebhookPoster {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  return {
    post: (target, body, headers) => postWebhook(target, body, headers, options, { http: httpAgent, https: httpsAgent }),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
  agents: { http: http.Agent; https: https.Agent },
): Promise<PostOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostOutcome => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });

  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(done(null, "invalid url"));
  }
  const host = hostOf(url);
  if (!options.allowPrivate && isIP(host) !== 0 && isForbiddenAddress(host)) {
    return Promise.resolve(done(null, `refused: ${host} is a forbidden address`));
  }

  const secure = url.protocol === "https:";
  return new Promise((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(done(statusCode, error));
    };
    const request = (secure ? https : http).request(url, {
      method: "POST",
      agent: secure ? agents.https : agents.http,
      ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "codat-platform-webhooks/1",
      },
    });
    // One deadline for the whole exchange (connect, send, answer), not an idle timeout.
    const deadline = setTimeout(() => {
      finish(null, `timed out after ${options.timeoutMs} ms`);
      request.destroy();
    }, options.timeoutMs);
    request.on("response", (response) => {
      // Read (and discard) a bounded amount so the socket can be reused.
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) response.destroy();
      });
      response.on("end", () => finish(response.statusCode ?? null, null));
      response.on("close", () => finish(response.statusCode ?? null, null));
    });
    request.on("error", (error: Error) => finish(null, error.message));
    request.end(body);
  });
}

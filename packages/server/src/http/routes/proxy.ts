// The proxy: `/companies/{companyId}/connections/{connectionId}/proxy/<path>` calls the
// connection's platform with its grant, so a client never holds a platform token itself.
//
// The request's method, the path after `/proxy` (under the platform's API base, whose own path
// is kept), its query string and its body go to the platform, with the grant's
// `Authorization` and the platform's per-connection headers (Xero's tenant, Stripe's account,
// ...: services/grant-access.ts). Of the client's own headers only an allowlist is forwarded
// (never its Authorization, cookies, Host, X-Forwarded-*, Connection or Proxy-*). The answer
// comes back as the platform gave it: status, headers (hop-by-hop ones, Set-Cookie and the
// platform's CORS and HSTS policies removed) and body, marked `X-Proxy-Source: platform`.
//
// Hot path, so: the access is the cached one (no query at steady state; concurrent misses of
// one connection share a read), bodies are streamed both ways and never parsed, the platform is
// called through undici's dispatcher (keep-alive pools per origin) with a handler that writes
// the answer straight into the response, and nothing logs per request but the access-log line.
//
// Refusals are ErrorMessages: a path that would leave the API base 400, a body over
// PROXY_BODY_LIMIT_BYTES 413, the platform unreachable 502, no answer within PROXY_TIMEOUT_MS
// 504 (both `canBeRetried: "True"`). An answer larger than PROXY_RESPONSE_LIMIT_BYTES is refused
// (502) when its Content-Length says so, or cut off (the connection closed) once it goes past.
//
// A 401 from the platform means it refused the token: it is renewed once (unless someone already
// did), and a request without a body is sent again with the new token. A request with a body is
// not: its body was streamed to the platform and is not kept, so the 401 is returned as it came,
// once the renewal has finished, and sending the request again uses the new token.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import { Agent, type Dispatcher } from "undici";
import type { ServerContext } from "../../context.js";
import { ApiError, badRequest, notFound } from "../../errors.js";
import { describeNetworkError, refusedUrl } from "../../oauth/outbound.js";
import { accessAfterRejection, accessFor, type ConnectionAccess } from "../../services/grant-access.js";
import { isUuid } from "../../storage/ids.js";
import { guardedLookup } from "../../webhooks/url-guard.js";
import { clientIdOf } from "../plugins/auth.js";
import { CORRELATION_HEADER } from "../plugins/correlation-id.js";
import { connectionParams, responses } from "../schemas/common.js";

export const PROXY_PATH = "/companies/:companyId/connections/:connectionId/proxy/*";
/** `/proxy` and `/proxy/` (the router ignores a trailing slash, so the wildcard never sees them): the API base itself. */
const PROXY_BASE_PATH = "/companies/:companyId/connections/:connectionId/proxy";

/** Marks an answer that comes from the platform (any other is this server's own ErrorMessage). */
export const SOURCE_HEADER = "x-proxy-source";

const METHODS: HTTPMethods[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** The client's headers that reach the platform; any other is dropped. */
const FORWARDED_REQUEST_HEADERS = [
  "accept",
  "accept-encoding",
  "accept-language",
  "content-type",
  "content-encoding",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "if-unmodified-since",
  "if-range",
  "range",
  "prefer",
  "idempotency-key",
  "user-agent",
];

/** The platform's headers that do not reach the client: hop-by-hop, cookies, policies for its own origin. */
const DROPPED_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "set-cookie",
  "set-cookie2",
  "alt-svc",
  "strict-transport-security",
  CORRELATION_HEADER,
  SOURCE_HEADER,
]);

/** `%2F` and `%5C`: a platform could decode them into separators after the path was checked. */
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;
/** A path that URL normalisation would leave as it is: nothing to resolve, no percent sign. */
const PLAIN_PATH = /^(?!\/)[\w\-.~!$&'()*+,;=:@/]*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/** Where and how a connection's platform is called; derived once per cached access. */
interface Upstream {
  origin: string;
  /** The API base's path without its trailing slash ("" for an origin). */
  basePath: string;
  /** Headers every call carries: the grant's Authorization, then the platform's own. */
  headers: string[];
  /** Their names: a client header of the same name is not forwarded. */
  names: Set<string>;
  /** Why the base may not be called (the outbound policy), if it may not. */
  refused: string | undefined;
}

const upstreams = new WeakMap<ConnectionAccess, Upstream>();

function upstreamOf(access: ConnectionAccess, allowPrivate: boolean): Upstream {
  let upstream = upstreams.get(access);
  if (upstream) return upstream;
  const base = access.apiBaseUrl;
  const scheme = access.tokenType === "" || access.tokenType.toLowerCase() === "bearer" ? "Bearer" : access.tokenType;
  const headers = access.tokenHeader ? [access.tokenHeader, access.accessToken] : ["authorization", `${scheme} ${access.accessToken}`];
  // The client's Authorization never goes through, whichever header carries the token.
  const names = new Set(["authorization", ...(access.tokenHeader ? [access.tokenHeader] : [])]);
  for (const [name, value] of Object.entries(access.headers)) {
    headers.push(name, value);
    names.add(name);
  }
  upstream = { origin: base.origin, basePath: base.pathname.replace(/\/+$/, ""), headers, names, refused: refusedUrl(base, allowPrivate) };
  upstreams.set(access, upstream);
  return upstream;
}

/**
 * The path and query to ask the platform for, from the raw request URL: what follows
 * `/companies/{id}/connections/{id}/proxy/` (its sixth slash; the router never treats an
 * encoded slash as one), under the base's path. Undefined when, once resolved as a URL would
 * resolve it (`..`, `%2e%2e`, `//host`, `\`), it leaves the base's origin or path, or when it
 * holds an encoded slash or backslash.
 */
export function targetPath(upstream: Pick<Upstream, "origin" | "basePath">, rawUrl: string): string | undefined {
  let queryAt = rawUrl.indexOf("?");
  const fragmentAt = rawUrl.indexOf("#");
  if (fragmentAt !== -1 && (queryAt === -1 || fragmentAt < queryAt)) queryAt = fragmentAt;
  const pathEnd = queryAt === -1 ? rawUrl.length : queryAt;
  let start = 0;
  for (let slashes = 0; slashes < 6; slashes++) {
    const at = rawUrl.indexOf("/", start);
    if (at === -1 || at >= pathEnd) {
      start = pathEnd; // `/proxy` itself: the base
      break;
    }
    start = at + 1;
  }
  const path = rawUrl.slice(start, pathEnd);
  let search = queryAt === -1 || rawUrl.charCodeAt(queryAt) !== 63 /* ? */ ? "" : rawUrl.slice(queryAt);
  const hash = search.indexOf("#");
  if (hash !== -1) search = search.slice(0, hash);
  if (ENCODED_SEPARATOR.test(path)) return undefined;
  const { origin, basePath } = upstream;
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return `${basePath}/${path}${search}`;
  let resolved: URL;
  try {
    resolved = new URL(`${basePath}/${path}`, origin);
  } catch {
    return undefined;
  }
  const pathname = resolved.pathname;
  if (resolved.origin !== origin) return undefined;
  if (basePath !== "" && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return undefined;
  return pathname + search;
}

function requestHeaders(upstream: Upstream, incoming: IncomingHttpHeaders, withBody: boolean): string[] {
  const headers = upstream.headers.slice();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming[name];
    if (typeof value === "string" && !upstream.names.has(name)) headers.push(name, value);
  }
  const length = incoming["content-length"];
  if (withBody && length !== undefined) headers.push("content-length", length);
  return headers;
}

/** Header names a `Connection` header lists as hop-by-hop, beyond the usual ones. */
function listedHopByHop(connection: string | string[]): Set<string> | undefined {
  let listed: Set<string> | undefined;
  for (const token of String(connection).split(",")) {
    const name = token.trim().toLowerCase();
    if (name !== "" && name !== "close" && name !== "keep-alive") (listed ??= new Set()).add(name);
  }
  return listed;
}

function responseHeaders(incoming: IncomingHttpHeaders, correlationId: string): string[] {
  const headers = [CORRELATION_HEADER, correlationId, SOURCE_HEADER, "platform"];
  const connection = incoming.connection;
  const listed = connection === undefined || connection === "keep-alive" || connection === "close" ? undefined : listedHopByHop(connection);
  for (const name in incoming) {
    if (DROPPED_RESPONSE_HEADERS.has(name) || name.startsWith("access-control-") || listed?.has(name)) continue;
    const value = incoming[name];
    if (typeof value === "string") headers.push(name, value);
    else if (value !== undefined) for (const item of value) headers.push(name, item);
  }
  return headers;
}

class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/** A chunked request body, cut off past the limit (a Content-Length one is checked up front). */
async function* limitedBody(body: IncomingMessage, limit: number, exchange: { bodyTooLarge: boolean }): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      exchange.bodyTooLarge = true;
      throw new BodyTooLargeError(`the request body is larger than ${limit} bytes`);
    }
    yield chunk;
  }
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** What every exchange of one server instance shares. */
interface ProxySettings {
  context: ServerContext;
  dispatcher: Agent;
  log: FastifyBaseLogger;
  timeoutMs: number;
  bodyLimit: number;
  responseLimit: number;
  allowPrivate: boolean;
}

const WAITING = 0; // for the platform's answer
const RENEWING = 1; // the platform refused the token: renewing it, its answer on hold (or being discarded)
const RELAYING = 2; // streaming the answer to the client
const DONE = 3; // answered, failed, or the client went away

/**
 * One proxied request, as undici's dispatch handler: it settles `started` once the answer's
 * head is written (the reply is hijacked then: the rest streams from these callbacks) or with
 * the ApiError to answer instead.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private state = WAITING;
  private controller: Dispatcher.DispatchController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private received = 0;
  private retried = false;
  private discarding = false;
  /** The refused answer broke off while the token was being renewed. */
  private lost: Error | undefined;
  private renewed: ConnectionAccess | undefined;
  private resolveStarted!: () => void;
  private rejectStarted!: (error: unknown) => void;
  private resumeOnDrain: (() => void) | undefined;
  bodyTooLarge = false;
  readonly body: IncomingMessage | AsyncIterable<Buffer> | undefined;

  constructor(
    private readonly settings: ProxySettings,
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly companyId: string,
    private access: ConnectionAccess,
    private path: string,
    body: IncomingMessage | undefined,
  ) {
    this.body = body === undefined || request.headers["content-length"] !== undefined ? body : limitedBody(body, settings.bodyLimit, this);
  }

  start(): Promise<void> {
    const started = new Promise<void>((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    this.reply.raw.once("close", this.onClientClose);
    this.send();
    return started;
  }

  private send(): void {
    const upstream = upstreamOf(this.access, this.settings.allowPrivate);
    this.controller = undefined;
    this.timer = setTimeout(onDeadline, this.settings.timeoutMs, this);
    this.settings.dispatcher.dispatch(
      {
        origin: upstream.origin,
        path: this.path,
        method: this.request.method as Dispatcher.HttpMethod,
        headers: requestHeaders(upstream, this.request.headers, this.body !== undefined),
        body: (this.body ?? null) as Dispatcher.DispatchOptions["body"],
      },
      this,
    );
  }

  private fail(error: ApiError): void {
    clearTimeout(this.timer);
    this.state = DONE;
    this.rejectStarted(error);
  }

  /** PROXY_TIMEOUT_MS passed without an answer. */
  deadlinePassed(): void {
    if (this.state !== WAITING) return;
    this.fail(new ApiError(504, `${this.access.platformName} did not answer within ${this.settings.timeoutMs} ms.`, { canBeRetried: "True" }));
    this.controller?.abort(new Error("the proxy's deadline passed"));
  }

  private readonly onClientClose = (): void => {
    if (this.state === DONE) return;
    const waiting = this.state !== RELAYING;
    this.state = DONE;
    clearTimeout(this.timer);
    this.controller?.abort(new Error("the client went away"));
    if (waiting) {
      // Nobody is left to answer: end the handler without a reply.
      this.reply.hijack();
      this.resolveStarted();
    }
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Still queued or connecting when the deadline passed, or the client left meanwhile.
    if (this.state === DONE) controller.abort(new Error("abandoned"));
    else this.controller = controller;
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (this.state !== WAITING) return;
    clearTimeout(this.timer);
    if (statusCode === 401 && !this.retried) {
      this.retried = true;
      this.state = RENEWING;
      controller.pause();
      void this.renew(controller, headers);
      return;
    }
    this.relay(controller, statusCode, headers);
  }

  /** After a 401: renew the token once; send a body-less request again, or relay the 401. */
  private async renew(controller: Dispatcher.DispatchController, headers: IncomingHttpHeaders): Promise<void> {
    let renewed: ConnectionAccess | undefined;
    try {
      renewed = await accessAfterRejection(this.settings.context, this.companyId, this.access);
    } catch (error) {
      this.settings.log.warn({ correlationId: this.request.id, err: error }, "proxy: renewing a refused token failed");
    }
    if (this.state !== RENEWING) return;
    if (renewed && this.body === undefined) {
      this.renewed = renewed;
      if (this.lost) {
        this.retry();
        return;
      }
      // Read what is left of the 401 (keeping the connection), then ask again.
      this.discarding = true;
      controller.resume();
      return;
    }
    if (this.lost) {
      this.fail(new ApiError(502, `${this.access.platformName}'s answer broke off (${describeNetworkError(this.lost)}).`, { canBeRetried: "True" }));
      return;
    }
    this.state = WAITING;
    this.relay(controller, 401, headers);
    controller.resume();
  }

  private retry(): void {
    const renewed = this.renewed;
    if (this.state !== RENEWING || !renewed) return;
    const path = targetPath(upstreamOf(renewed, this.settings.allowPrivate), this.request.raw.url ?? "");
    if (path === undefined) {
      this.fail(badRequest("The path leaves the platform's API."));
      return;
    }
    this.access = renewed;
    this.path = path;
    this.state = WAITING;
    this.send();
  }

  private relay(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    const limit = this.settings.responseLimit;
    const length = headers["content-length"];
    if (typeof length === "string" && Number(length) > limit) {
      this.fail(new ApiError(502, `${this.access.platformName}'s answer is larger than ${limit} bytes, the most the proxy relays.`, { canBeRetried: "False" }));
      controller.abort(new Error("the answer is too large"));
      return;
    }
    const response = this.reply.raw;
    try {
      response.writeHead(statusCode, responseHeaders(headers, this.request.id));
    } catch (error) {
      this.settings.log.warn({ correlationId: this.request.id, err: error }, "proxy: the platform's answer has headers that cannot be relayed");
      this.fail(new ApiError(502, `${this.access.platformName} answered with headers that cannot be relayed.`, { canBeRetried: "False" }));
      controller.abort(new Error("unrelayable headers"));
      return;
    }
    this.state = RELAYING;
    this.reply.hijack();
    this.resolveStarted();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.state !== RELAYING) return; // a 401 being discarded before the retry
    this.received += chunk.length;
    const response: ServerResponse = this.reply.raw;
    if (this.received > this.settings.responseLimit) {
      this.state = DONE;
      this.settings.log.warn({ correlationId: this.request.id, limit: this.settings.responseLimit }, "proxy: the platform's answer went past the response limit; cut off");
      controller.abort(new Error("the answer is too large"));
      response.destroy();
      return;
    }
    if (!response.write(chunk)) {
      controller.pause();
      response.once("drain", (this.resumeOnDrain ??= () => this.controller?.resume()));
    }
  }

  onResponseEnd(): void {
    if (this.discarding) {
      this.discarding = false;
      queueMicrotask(() => this.retry());
      return;
    }
    if (this.state !== RELAYING) return;
    this.state = DONE;
    this.reply.raw.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.discarding) {
      // The rest of the refused answer was lost: ask again anyway, on a new connection.
      this.discarding = false;
      queueMicrotask(() => this.retry());
      return;
    }
    if (this.state === RENEWING) {
      this.lost = error; // renew() decides what follows
      return;
    }
    if (this.state === RELAYING) {
      this.state = DONE;
      this.settings.log.warn({ correlationId: this.request.id, reason: describeNetworkError(error) }, "proxy: the platform's answer broke off");
      this.reply.raw.destroy();
      return;
    }
    if (this.state !== WAITING) return;
    const { platformName } = this.access;
    if (this.bodyTooLarge) {
      this.fail(new ApiError(413, `The request body is larger than ${this.settings.bodyLimit} bytes, the most the proxy forwards.`));
    } else if (TIMEOUT_CODES.has((error as { code?: string }).code ?? "")) {
      this.fail(new ApiError(504, `${platformName} did not answer within ${this.settings.timeoutMs} ms.`, { canBeRetried: "True" }));
    } else {
      this.fail(new ApiError(502, `${platformName} could not be reached (${describeNetworkError(error)}).`, { canBeRetried: "True" }));
    }
  }
}

const onDeadline = (exchange: Exchange): void => exchange.deadlinePassed();

const tags = ["Connections"];

const proxySchema = {
  tags,
  summary: "Call the connection's platform",
  description:
    "Forwards the request (method, the path after /proxy under the platform's API base, query string, body and an allowlist of headers) " +
    "to the connection's platform with its access token and per-connection headers, and returns the platform's answer, marked X-Proxy-Source: platform. " +
    "Answers without that header are this server's own: 400 (the path leaves the API base), 404, 409 (not linked), 413, 502 (platform unreachable), 504 (no answer in time).",
  params: connectionParams,
  response: responses(
    { 200: { description: "The platform's answer, whatever its status: its headers (without hop-by-hop ones and Set-Cookie) and body, as sent." } },
    [400, 401, 404, 409, 413, 429, 500, 502, 503, 504],
  ),
};

/** Registered in its own encapsulated context: its body parser hands the raw stream through. */
export async function proxyRoutes(app: FastifyInstance): Promise<void> {
  const { context } = app;
  const { proxyBodyLimitBytes: bodyLimit, proxyResponseLimitBytes: responseLimit, proxyTimeoutMs: timeoutMs, platformAllowPrivateUrls: allowPrivate } = context.config;
  const dispatcher = new Agent({
    keepAliveTimeout: 10_000,
    connectTimeout: Math.min(timeoutMs, 10_000),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    // The same guard as every other platform call (oauth/outbound.ts): the address each socket
    // connects to must be public, so a DNS answer cannot point the proxy into our own network.
    ...(allowPrivate ? {} : { connect: { lookup: guardedLookup } }),
  });
  app.addHook("onClose", async () => dispatcher.close());
  const settings: ProxySettings = { context, dispatcher, log: app.log, timeoutMs, bodyLimit, responseLimit, allowPrivate };

  // Bodies are not parsed here: whatever the content type, the request stream goes to the platform.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

  /** Concurrent reads of one connection's access (a cache miss under load) share one. */
  const reading = new Map<string, Promise<ConnectionAccess>>();
  const accessOf = async (clientId: string, companyId: string, connectionId: string): Promise<ConnectionAccess> => {
    const key = `${clientId}:${companyId}:${connectionId}`;
    let pending = reading.get(key);
    if (!pending) {
      pending = accessFor(context, clientId, companyId, connectionId);
      reading.set(key, pending);
    }
    try {
      return await pending;
    } finally {
      if (reading.get(key) === pending) reading.delete(key);
    }
  };

  async function proxy(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { companyId, connectionId } = request.params as { companyId: string; connectionId: string };
    if (!isUuid(companyId) || !isUuid(connectionId)) throw notFound(`Data connection ${connectionId} not found`);
    const access = await accessOf(clientIdOf(request), companyId, connectionId);
    const upstream = upstreamOf(access, allowPrivate);
    if (upstream.refused) throw new ApiError(502, `${access.platformName}'s API address may not be called: ${upstream.refused}.`, { canBeRetried: "False" });
    const path = targetPath(upstream, request.raw.url ?? "");
    if (path === undefined) {
      const message = "The path must stay within the platform's API: no '..' leaving it, no other host, no encoded '/' or '\\'.";
      throw badRequest(message, [{ itemId: "path", message, validatorName: "proxyPath" }]);
    }
    const body = request.body as IncomingMessage | undefined;
    const length = request.headers["content-length"];
    if (body !== undefined && length !== undefined && Number(length) > bodyLimit) {
      throw new ApiError(413, `The request body is larger than ${bodyLimit} bytes, the most the proxy forwards.`);
    }
    return new Exchange(settings, request, reply, companyId, access, path, body).start();
  }

  for (const method of METHODS) {
    const config = { auth: "apiKey" as const, operationId: `proxy-${method.toLowerCase()}`, storesNothing: true };
    app.route({ method, url: PROXY_PATH, exposeHeadRoute: false, config, schema: proxySchema, handler: proxy });
    // The same operation, documented once (under PROXY_PATH).
    app.route({ method, url: PROXY_BASE_PATH, exposeHeadRoute: false, config: { auth: "apiKey", storesNothing: true }, handler: proxy });
  }
}

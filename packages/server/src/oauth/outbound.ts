// Every request this server makes to a platform (token exchange, post-connect lookups,
// revocations) goes through `platformFetch`: a deadline, no redirects, a bounded response,
// and, unless private addresses are allowed (PLATFORM_ALLOW_PRIVATE_URLS), the SSRF guard on
// the address each socket connects to. A client's own platform names its endpoints itself, so
// without the guard it could make the server call into its own network.
import { isIP } from "node:net";
import { Agent, request, type Dispatcher } from "undici";
import { ForbiddenUrlError, guardedLookup, hostOf, isForbiddenAddress } from "../webhooks/url-guard.js";

export interface OutboundPolicy {
  allowPrivate: boolean;
  timeoutMs: number;
}

/** Platform answers larger than this are refused (token responses are a few kilobytes). */
export const MAX_PLATFORM_RESPONSE_BYTES = 1024 * 1024;

export class PlatformUnreachableError extends Error {
  override readonly name = "PlatformUnreachableError";
}

const guardedAgent = new Agent({ connect: { lookup: guardedLookup }, keepAliveTimeout: 10_000 });
const openAgent = new Agent({ keepAliveTimeout: 10_000 });

/** Why `url` may not be called, or undefined when it may. */
export function refusedUrl(url: URL, allowPrivate: boolean): string | undefined {
  if (url.username || url.password) return "the URL must not contain credentials";
  if (allowPrivate) return url.protocol === "https:" || url.protocol === "http:" ? undefined : "the URL must use https";
  if (url.protocol !== "https:") return "the URL must use https";
  const host = hostOf(url);
  if (isIP(host) && isForbiddenAddress(host)) return "the URL must not point to a loopback, link-local or private address";
  if (host === "localhost" || host.endsWith(".localhost")) return "the URL must not point to a loopback address";
  return undefined;
}

/** A platform's answer, read whole (bounded). */
export interface PlatformAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/**
 * Sends one request to a platform under `policy` and reads the answer. It uses undici's
 * `request` rather than its `fetch`: a token refresh is a few hundred bytes each way, and
 * fetch's streams, Response objects and their promises cost about twice the call itself (the
 * refresher makes thousands a second).
 */
export async function platformRequest(policy: OutboundPolicy, input: string | URL, init: RequestInit = {}): Promise<PlatformAnswer> {
  const url = new URL(String(input));
  const refused = refusedUrl(url, policy.allowPrivate);
  if (refused) throw new ForbiddenUrlError(`${url.origin}: ${refused}`);
  const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(policy.timeoutMs)]) : AbortSignal.timeout(policy.timeoutMs);
  let answer: Dispatcher.ResponseData;
  try {
    answer = await request(url, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      headers: headerRecord(init.headers),
      body: bodyOf(init.body),
      signal,
      dispatcher: policy.allowPrivate ? openAgent : guardedAgent,
    });
  } catch (error) {
    throw new PlatformUnreachableError(`${url.origin} could not be reached: ${describeNetworkError(error)}`, { cause: error });
  }
  try {
    return { status: answer.statusCode, headers: headerPairs(answer.headers), body: await readBounded(answer.body, MAX_PLATFORM_RESPONSE_BYTES) };
  } catch (error) {
    answer.body.destroy();
    if (error instanceof PlatformUnreachableError) throw error;
    throw new PlatformUnreachableError(`${url.origin} could not be reached: ${describeNetworkError(error)}`, { cause: error });
  }
}

/** An answer as the `Response` oauth4webapi and this server's platform calls read. */
export function responseOf(answer: PlatformAnswer, body: Buffer = answer.body): Response {
  const empty = NULL_BODY_STATUSES.has(answer.status) || body.length === 0;
  return new Response(empty ? null : (body as unknown as BodyInit), { status: answer.status, headers: answer.headers });
}

/** A `fetch` for oauth4webapi's `customFetch` and for this server's own platform calls (see `platformRequest`). */
export function platformFetch(policy: OutboundPolicy): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => responseOf(await platformRequest(policy, input, init));
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** A request's headers as undici takes them (oauth4webapi passes a `Headers`). */
function headerRecord(headers: HeadersInit | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const record: Record<string, string> = {};
  if (headers instanceof Headers) headers.forEach((value, name) => (record[name] = value));
  else if (Array.isArray(headers)) for (const [name, value] of headers) record[name!.toLowerCase()] = value!;
  else for (const [name, value] of Object.entries(headers)) record[name.toLowerCase()] = value;
  return record;
}

/** The request bodies platform calls send: forms (oauth4webapi's URLSearchParams), JSON text, nothing. */
function bodyOf(body: BodyInit | null | undefined): string | Buffer | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError("platformFetch sends only string, byte or form bodies");
}

/** An answer's headers as `Response` takes them, repeated ones (set-cookie) kept. */
function headerPairs(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const one of value) pairs.push([name, one]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

async function readBounded(body: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new PlatformUnreachableError(`the platform's answer is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength) : Buffer.concat(chunks);
}

/** "ECONNREFUSED", "timed out", ...: the system error, never a URL's query or a body. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timed out";
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (current instanceof ForbiddenUrlError) return current.message;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return code;
    current = current.cause;
  }
  return error instanceof Error ? error.message : String(error);
}

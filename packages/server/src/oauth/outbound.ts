// Every request this server makes to a platform (token exchange, post-connect lookups,
// revocations) goes through `platformFetch`: a deadline, no redirects, a bounded response,
// and, unless private addresses are allowed (PLATFORM_ALLOW_PRIVATE_URLS), the SSRF guard on
// the address each socket connects to. A client's own platform names its endpoints itself, so
// without the guard it could make the server call into its own network.
import { isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
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

/** A `fetch` for oauth4webapi's `customFetch` and for this server's own platform calls. */
export function platformFetch(policy: OutboundPolicy): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const url = new URL(String(input));
    const refused = refusedUrl(url, policy.allowPrivate);
    if (refused) throw new ForbiddenUrlError(`${url.origin}: ${refused}`);
    const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(policy.timeoutMs)]) : AbortSignal.timeout(policy.timeoutMs);
    let response;
    try {
      response = await undiciFetch(url, {
        ...(init as object),
        redirect: "manual",
        signal,
        dispatcher: policy.allowPrivate ? openAgent : guardedAgent,
      } as Parameters<typeof undiciFetch>[1]);
    } catch (error) {
      throw new PlatformUnreachableError(`${url.origin} could not be reached: ${describeNetworkError(error)}`, { cause: error });
    }
    const body = await readBounded(response.body as AsyncIterable<Uint8Array> | null, MAX_PLATFORM_RESPONSE_BYTES);
    const empty = [101, 204, 205, 304].includes(response.status) || body === null || body.length === 0;
    return new Response(empty ? null : (body as BodyInit), { status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers });
  };
}

async function readBounded(body: AsyncIterable<Uint8Array> | null, limit: number): Promise<Buffer | null> {
  if (!body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new PlatformUnreachableError(`the platform's answer is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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

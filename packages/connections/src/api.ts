// The few calls the component makes, authenticated with the company's access token.
// Everything goes to the server that served this module (see `apiBaseUrl`). The wire shapes are
// the SDK's; importing their types only keeps the SDK out of the bundle.
import type { Branding, Connection, Connections, ImageReference, UpdateConnectionStatus } from "@codat/platform/models";
import { isCrossOrigin, serverAnswers } from "./reachability.js";

export type { Connection } from "@codat/platform/models";

/** A branding image that has a source to show. */
export type Logo = ImageReference & { src: string };

/** A failed call: the HTTP status and the `ErrorMessage` body when there was one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly correlationId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The server is up, but the browser refused its answer: this page's origin is not on the
 * allowed origins of the client that owns the company. */
export class OriginNotAllowedError extends Error {
  constructor(
    readonly pageOrigin: string,
    readonly apiBaseUrl: string,
    /** The refused call, e.g. `GET https://…/companies/…/connections?pageSize=500`. */
    readonly request: string,
  ) {
    super(`The page's origin ${pageOrigin} is not on the client's allowed origins: the browser blocked the answers.`);
    this.name = "OriginNotAllowedError";
  }
}

const SERVED_MODULE = /\/connections-sdk\.js$/;

/** The component talks to the server this module was served from (`/connections-sdk.js`, and
 * any path prefix before it). A copy bundled into the host's own build (the npm package) has no
 * such URL: it asks the token's issuer, which the server sets to its public URL. */
export function apiBaseUrl(moduleUrl: string, issuer: string | undefined): string {
  const module = new URL(moduleUrl);
  const served = /^https?:$/.test(module.protocol) && SERVED_MODULE.test(module.pathname);
  if (!served && issuer) {
    try {
      const url = new URL(issuer);
      if (url.protocol === "https:" || url.protocol === "http:") return url.href.replace(/\/+$/, "");
    } catch {
      // not a URL: fall back to the module's own server
    }
  }
  return new URL(".", module).href.replace(/\/+$/, "");
}

/** One page is plenty: the component is meant for a handful of connections per company. */
const PAGE_SIZE = 500;

export class ConnectionsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly companyId: string,
    private readonly accessToken: string,
    private readonly signal: AbortSignal,
  ) {}

  async listConnections(): Promise<Connection[]> {
    const page = await this.call<Connections>("GET", `${this.companyPath()}/connections?pageSize=${PAGE_SIZE}`);
    return Array.isArray(page.results) ? page.results : [];
  }

  getConnection(connectionId: string): Promise<Connection> {
    return this.call("GET", this.connectionPath(connectionId));
  }

  disconnect(connectionId: string): Promise<Connection> {
    return this.call("PATCH", this.connectionPath(connectionId), { status: "Unlinked" } satisfies UpdateConnectionStatus);
  }

  /** Linked at once for the sandbox platform; otherwise the answer's `linkUrl` is the
   * hosted authorization page the user must approve. */
  reconnect(connectionId: string): Promise<Connection> {
    return this.call("POST", `${this.connectionPath(connectionId)}/reconnect`);
  }

  async logo(platformKey: string): Promise<Logo | undefined> {
    const branding = await this.call<Branding>("GET", `/integrations/${encodeURIComponent(platformKey)}/branding`);
    const image = branding.logo?.square?.image ?? branding.logo?.full?.image;
    return image && typeof image.src === "string" ? (image as Logo) : undefined;
  }

  private companyPath(): string {
    return `/companies/${encodeURIComponent(this.companyId)}`;
  }

  private connectionPath(connectionId: string): string {
    return `${this.companyPath()}/connections/${encodeURIComponent(connectionId)}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.accessToken}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
        signal: this.signal,
      });
    } catch (error) {
      if (this.signal.aborted) throw error;
      throw await this.whyUnreachable(`${method} ${this.baseUrl + path}`);
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const info = (payload ?? {}) as { error?: unknown; correlationId?: unknown };
      throw new ApiError(
        typeof info.error === "string" ? info.error : response.statusText,
        response.status,
        typeof info.correlationId === "string" ? info.correlationId : undefined,
      );
    }
    return payload as T;
  }

  /** A refused CORS check looks exactly like a network failure from here. It is the origin
   * when the call was cross-origin, the server answers a request CORS cannot refuse, and a
   * second, harmless read is refused again (so a passing network blip is not taken for a
   * misconfiguration that retrying cannot fix). */
  private async whyUnreachable(request: string): Promise<Error> {
    const network = new ApiError("network");
    if (!isCrossOrigin(this.baseUrl) || !(await serverAnswers(this.baseUrl, this.signal))) return network;
    try {
      await fetch(`${this.baseUrl}${this.companyPath()}/connections?pageSize=1`, {
        headers: { authorization: `Bearer ${this.accessToken}` },
        credentials: "omit",
        mode: "cors",
        signal: this.signal,
      });
      return network;
    } catch {
      return this.signal.aborted ? network : new OriginNotAllowedError(location.origin, this.baseUrl, request);
    }
  }
}

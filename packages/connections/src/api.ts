// The few calls the component makes, authenticated with the company's access token.
// Everything goes to the server that served this module (see `apiBaseUrl`). The wire shapes are
// the SDK's; importing their types only keeps the SDK out of the bundle.
import type { Branding, Connection, Connections, ImageReference, UpdateConnectionStatus } from "@codat/platform/models";

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

/** The component talks to the server this module was served from. */
export function apiBaseUrl(moduleUrl: string): string {
  return new URL(moduleUrl).origin;
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
   * hosted authorisation page the user must approve. */
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
      // A refused CORS check looks exactly like a network failure from here.
      throw new ApiError("network");
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
}

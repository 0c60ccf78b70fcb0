// Maps what a fetcher throws to this client's error classes, with one-line messages that say
// where the call went and what the system said (`connect ECONNREFUSED 127.0.0.1:4000`).
import { CodatPlatformError } from "../errors/http.js";
import {
  ConnectionError,
  HTTPClientError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  UnexpectedClientError,
} from "../errors/transport.js";
import { SDKValidationError } from "../errors/validation.js";
import { BROWSER_BUILD } from "./build-target.js";

/** Every error a standalone function can return before a response arrives. */
export type TransportFailure =
  | ConnectionError
  | RequestTimeoutError
  | RequestAbortedError
  | InvalidRequestError
  | UnexpectedClientError;

const NETWORK_CODES = /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|ENETUNREACH|EHOSTUNREACH|UND_ERR)/;
// Node ("fetch failed"), Chromium ("Failed to fetch"), Firefox ("NetworkError ..."), Safari ("Load failed").
const NETWORK_MESSAGES = /fetch failed|failed to fetch|networkerror|load failed|network (error|connection)|terminated|other side closed/i;

/** What Node and undici put on a system error (`cause` of undici's "fetch failed"). */
interface SystemError {
  message?: string;
  code?: unknown;
  syscall?: string;
  address?: string;
  port?: number;
  errors?: unknown[];
  cause?: unknown;
  socket?: { remoteAddress?: string; remotePort?: number };
}

function code(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return String(e?.code ?? e?.cause?.code ?? "");
}

export function isNetworkFailure(error: unknown): boolean {
  // Browsers give no code, only one of the messages.
  return (!BROWSER_BUILD && NETWORK_CODES.test(code(error))) || (error instanceof Error && NETWORK_MESSAGES.test(error.message));
}

/**
 * The system's own account of a network failure: `connect ECONNREFUSED 127.0.0.1:4000`,
 * `getaddrinfo ENOTFOUND api.example`, `other side closed (UND_ERR_SOCKET 10.0.0.7:443)`. Reads
 * undici's "fetch failed" `cause` (and each address of an `AggregateError` when several were tried).
 */
export function systemError(error: unknown): string {
  // A browser's fetch says no more than its message ("Failed to fetch"), whatever the cause.
  if (BROWSER_BUILD) return error instanceof Error ? error.message : String(error);
  const outer = error as SystemError | null;
  const e = (outer?.cause ?? outer) as SystemError | null;
  if (!e) return String(error);
  if (Array.isArray(e.errors) && e.errors.length > 0 && !e.message) return e.errors.map(systemError).join("; ");
  const errorCode = typeof e.code === "string" ? e.code : "";
  const message = e.message ?? "";
  if (errorCode && message.includes(errorCode)) return message;
  const remote = e.socket?.remoteAddress ? `${e.socket.remoteAddress}:${e.socket.remotePort}` : "";
  const address = e.address ? (e.port ? `${e.address}:${e.port}` : e.address) : remote;
  if (errorCode) {
    const head = message || [e.syscall, errorCode].filter(Boolean).join(" ");
    const tail = message ? [errorCode, address].filter(Boolean).join(" ") : address;
    return tail ? `${head} (${tail})` : head;
  }
  return message || (error instanceof Error ? error.message : String(error));
}

/** A per-attempt deadline: aborts its signal after `ms`, and follows the caller's signal. */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly forward = () => this.controller.abort(this.caller?.reason);
  timedOut = false;

  constructor(
    readonly ms: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException(`Request timed out after ${ms} ms`, "TimeoutError"));
    }, ms);
    if (caller?.aborted) this.forward();
    else caller?.addEventListener("abort", this.forward, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener("abort", this.forward);
  }

  /** Stops the clock only: the caller's signal still aborts (a body streamed after the answer's head). */
  stopClock(): void {
    clearTimeout(this.timer);
  }
}

/**
 * The client error for whatever was thrown while sending a request or reading its response.
 * `target` (`GET https://...`) is named in the message of a connection failure or a timeout.
 */
export function toFailure(
  error: unknown,
  caller: AbortSignal | undefined,
  deadline: Deadline | undefined,
  target = "the API",
): CodatPlatformError | HTTPClientError | SDKValidationError {
  if (error instanceof CodatPlatformError || error instanceof HTTPClientError || error instanceof SDKValidationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (deadline?.timedOut) return new RequestTimeoutError(`${target}: timed out after ${deadline.ms} ms`, { cause: error });
  if (caller?.aborted || (error as { name?: unknown } | null)?.name === "AbortError") {
    return new RequestAbortedError(`${target}: aborted by the caller`, { cause: caller?.reason ?? error });
  }
  if (isNetworkFailure(error)) return new ConnectionError(`Unable to reach ${target}: ${systemError(error)}`, { cause: error });
  if (error instanceof TypeError) return new InvalidRequestError(`Unable to build the request to ${target}: ${message}`, { cause: error });
  return new UnexpectedClientError(`Unexpected error calling ${target}: ${message}`, { cause: error });
}

// Maps what a fetcher throws to this client's error classes.
import { CodatPlatformError } from "../errors/base.js";
import {
  ConnectionError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  UnexpectedClientError,
} from "../errors/transport.js";

/** Every error a standalone function can return. */
export type TransportFailure =
  | ConnectionError
  | RequestTimeoutError
  | RequestAbortedError
  | InvalidRequestError
  | UnexpectedClientError;

const NETWORK_CODES = /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|ENETUNREACH|EHOSTUNREACH|UND_ERR)/;
// Node ("fetch failed"), Chromium ("Failed to fetch"), Firefox ("NetworkError ..."), Safari ("Load failed").
const NETWORK_MESSAGES = /fetch failed|failed to fetch|networkerror|load failed|network (error|connection)|terminated|other side closed/i;

function code(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return String(e?.code ?? e?.cause?.code ?? "");
}

export function isNetworkFailure(error: unknown): boolean {
  return NETWORK_CODES.test(code(error)) || (error instanceof Error && NETWORK_MESSAGES.test(error.message));
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

/** The client error for whatever was thrown while sending a request or reading its response. */
export function toFailure(
  error: unknown,
  caller: AbortSignal | undefined,
  deadline: Deadline | undefined,
): CodatPlatformError {
  if (error instanceof CodatPlatformError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (deadline?.timedOut) return new RequestTimeoutError(`Request timed out after ${deadline.ms} ms`, { cause: error });
  if (caller?.aborted || (error as { name?: unknown } | null)?.name === "AbortError") {
    return new RequestAbortedError("The request was aborted", { cause: caller?.reason ?? error });
  }
  if (isNetworkFailure(error)) return new ConnectionError(`Unable to make request: ${message}`, { cause: error });
  if (error instanceof TypeError) return new InvalidRequestError(`Unable to build request: ${message}`, { cause: error });
  return new UnexpectedClientError(`Unexpected error: ${message}`, { cause: error });
}

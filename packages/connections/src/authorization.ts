// Follows a reconnect that needs the user's approval at the platform: polls the connection
// until it is Linked, or until the server recorded that this attempt failed (consent denied, a
// different account, the platform unreachable: a new error entry), and gives up when the window
// is closed without either or when the flow has expired anyway.

export const POLL_INTERVAL_MS = 1000;
const GIVE_UP_AFTER_MS = 15 * 60_000;

export interface AuthorizationWatch {
  stop(): void;
}

export interface WatchOptions {
  /** The authorization window, or null when the browser blocked it. */
  popup: Window | null;
  /** What the connection says now: linked, failed (a new error entry), or nothing yet. */
  outcome(): Promise<"linked" | "failed" | undefined>;
  onLinked(): void;
  /** The attempt failed; the window has been closed. */
  onFailed(): void;
  onAbandoned(): void;
  onError(error: unknown): void;
}

export function watchAuthorization({ popup, outcome, onLinked, onFailed, onAbandoned, onError }: WatchOptions): AuthorizationWatch {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const tick = async () => {
    // Read before asking: a window that closes right after approving has already
    // committed the approval, so the answer below sees it.
    const closed = popup?.closed === true;
    let now: "linked" | "failed" | undefined;
    try {
      now = await outcome();
    } catch (error) {
      if (!stopped) onError(error);
      return;
    }
    if (stopped) return;
    if (now === "linked") onLinked();
    else if (now === "failed") {
      if (popup && !popup.closed) popup.close();
      onFailed();
    } else if (closed || Date.now() - started > GIVE_UP_AFTER_MS) onAbandoned();
    else timer = setTimeout(tick, POLL_INTERVAL_MS);
  };
  timer = setTimeout(tick, POLL_INTERVAL_MS);

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (popup && !popup.closed) popup.close();
    },
  };
}

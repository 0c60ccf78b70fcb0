// Follows a reconnect that needs the user's approval on the hosted authorisation page:
// polls the connection until it is Linked, and gives up when the window is closed without
// approving or when the page's signed link has expired anyway.

export const POLL_INTERVAL_MS = 1000;
const GIVE_UP_AFTER_MS = 15 * 60_000;

export interface AuthorizationWatch {
  stop(): void;
}

export interface WatchOptions {
  /** The authorisation window, or null when the browser blocked it. */
  popup: Window | null;
  /** Resolves true once the connection is Linked. */
  isLinked(): Promise<boolean>;
  onLinked(): void;
  onAbandoned(): void;
  onError(error: unknown): void;
}

export function watchAuthorization({ popup, isLinked, onLinked, onAbandoned, onError }: WatchOptions): AuthorizationWatch {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const tick = async () => {
    // Read before asking: a window that closes right after approving has already
    // committed the approval, so the answer below sees it.
    const closed = popup?.closed === true;
    let linked: boolean;
    try {
      linked = await isLinked();
    } catch (error) {
      if (!stopped) onError(error);
      return;
    }
    if (stopped) return;
    if (linked) onLinked();
    else if (closed || Date.now() - started > GIVE_UP_AFTER_MS) onAbandoned();
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

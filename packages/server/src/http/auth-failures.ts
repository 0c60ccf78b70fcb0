// Failed authentications per client IP, so that guessing API keys (each unknown key costs one
// database look-up) is throttled: past the limit within the clock minute, the IP's requests to
// authenticated routes are refused before any credential is looked at. Per node and in memory:
// only failures are counted, and the map is dropped when the minute turns over, so memory is
// bounded by the failing IPs of one minute.
export class AuthFailureThrottle {
  private window = -1;
  private failures = new Map<string, number>();

  constructor(
    /** 0 turns the throttle off. */
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  private current(): number {
    const window = Math.floor(this.now() / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.failures = new Map();
    }
    return window;
  }

  /**
   * Seconds until the caller may try again, or undefined when it is within the limit. Takes the
   * request rather than its IP so that, while nobody has failed this minute (the usual case),
   * neither the clock nor the client address is read.
   */
  blockedFor(request: { readonly ip: string }): number | undefined {
    if (this.limitPerMinute === 0 || this.failures.size === 0) return undefined;
    const window = this.current();
    if ((this.failures.get(request.ip) ?? 0) < this.limitPerMinute) return undefined;
    return Math.max(1, Math.ceil(((window + 1) * 60_000 - this.now()) / 1000));
  }

  /** Counts one failed authentication from `ip`. */
  failed(ip: string): void {
    if (this.limitPerMinute === 0) return;
    this.current();
    this.failures.set(ip, (this.failures.get(ip) ?? 0) + 1);
  }
}

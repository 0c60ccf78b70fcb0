// The idle wait of a polling loop (the webhook dispatcher, the revoker, the refresher): sleeps
// for the poll interval unless woken first (work arrived, or the loop is stopping). The timer
// is unref'd, so an idle loop never keeps the process alive.
export class WakeableSleep {
  private wakeUp: (() => void) | undefined;

  /** Resolves after `ms`, or at once on `wake()`; true when the time ran out (a poll). */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (timedOut: boolean) => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve(timedOut);
      };
      const timer = setTimeout(() => done(true), ms);
      timer.unref();
      this.wakeUp = () => done(false);
    });
  }

  /** Ends the sleep in progress, if any. */
  wake(): void {
    this.wakeUp?.();
  }
}

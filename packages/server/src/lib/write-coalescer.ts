// Groups writes that arrive close together into one call: the first write waits for the next
// turn of the event loop, and writes that arrive while a call is in flight go together into the
// next one. Under light load every write goes alone and at once; under heavy load one statement
// (and one commit) carries a whole group, and none waits longer than the call before it.
interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class WriteCoalescer<I, R> {
  private pending: Pending<I, R>[] = [];
  private flushing = false;

  /**
   * @param write stores a group of items; returns one result per item, in their order
   * @param maxGroup the most items one call takes
   */
  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly maxGroup: number,
  ) {}

  /** Resolves with the item's result once the call carrying it is done; rejects when that call fails. */
  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, this.maxGroup);
      try {
        const results = await this.write(group.map((entry) => entry.item));
        group.forEach((entry, k) => entry.resolve(results[k]!));
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    this.flushing = false;
  }
}

// A small in-process cache whose entries expire hard after `ttlMs` (monotonic time, unaffected
// by the injectable request clock). Concurrent misses for one key share a single load. This is
// what bounds how stale a node can be: with ttlMs ≤ 1000, a revoked API key, a deleted company
// or a rotated signing key is seen by every node within one second.
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  private readonly loading = new Map<K, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value, or the loader's (shared by concurrent callers, cached on success). */
  get(key: K, load: () => Promise<V>): V | Promise<V> {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt > performance.now()) return entry.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const startedAt = performance.now();
    const promise = load().then(
      (value) => {
        this.loading.delete(key);
        // Expiry counts from when the read started: the value was current then, so a change
        // committed after that is seen within ttlMs, however long the read took.
        this.set(key, value, startedAt);
        return value;
      },
      (error: unknown) => {
        this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  /** The cached value when fresh; never loads. */
  peek(key: K): V | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > performance.now() ? entry.value : undefined;
  }

  /** When a fresh entry for `key` was current (`set`'s `freshAt`), else undefined. */
  freshAt(key: K): number | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > performance.now() ? entry.expiresAt - this.ttlMs : undefined;
  }

  set(key: K, value: V, freshAt: number = performance.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      // Evict the oldest insertion; Map iterates in insertion order.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: freshAt + this.ttlMs });
  }

  /** Forgets a key on this node at once (other nodes follow within the TTL). */
  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

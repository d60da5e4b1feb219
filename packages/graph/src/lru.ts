/**
 * A bounded map that evicts the least recently used entry when full. Reads (`get`) count as uses.
 *
 * @example
 * ```ts
 * const cache = new LruCache<string, number>(2, (key) => console.log('evicted', key));
 * cache.set('a', 1); cache.set('b', 2); cache.get('a'); cache.set('c', 3); // evicted b
 * ```
 */
export class LruCache<K, V> {
  /** Most entries kept. */
  readonly capacity: number;
  private readonly entries = new Map<K, V>();
  private readonly onEvict: ((key: K, value: V) => void) | undefined;

  /**
   * @param capacity - most entries kept (a positive integer).
   * @param onEvict - called with each entry dropped to make room, or removed by {@link LruCache.clear}.
   */
  constructor(capacity: number, onEvict?: (key: K, value: V) => void) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`LruCache: capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.onEvict = onEvict;
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }

  /** The value under `key`, marking it most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** True when `key` is cached (does not count as a use). */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used one when full. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const [oldKey, oldValue] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldKey);
      this.onEvict?.(oldKey, oldValue);
    }
  }

  /** Keys from least to most recently used. */
  keys(): K[] {
    return [...this.entries.keys()];
  }

  /** Removes every entry, calling `onEvict` for each. */
  clear(): void {
    const all = [...this.entries];
    this.entries.clear();
    for (const [key, value] of all) this.onEvict?.(key, value);
  }
}

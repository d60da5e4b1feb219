/** A hook function; it may be async (the loop waits for it). */
export type HookFn<A extends unknown[]> = (...args: A) => void | Promise<void>;

interface Entry<A extends unknown[]> {
  name: string;
  priority: number;
  order: number;
  fn: HookFn<A>;
}

/**
 * Named hooks run in priority order: lower priorities first, ties in the order they were added. Adding a hook
 * with a name already present replaces it (keeping nothing of the old one).
 */
export class HookList<A extends unknown[]> {
  private entries: Entry<A>[] = [];
  private counter = 0;

  /** Adds (or replaces) hook `name`. */
  add(name: string, fn: HookFn<A>, priority = 0): void {
    if (typeof fn !== 'function') throw new TypeError(`hook "${name}": fn must be a function`);
    if (!Number.isFinite(priority))
      throw new RangeError(`hook "${name}": priority must be a finite number, got ${priority}`);
    this.remove(name);
    this.entries.push({ name, fn, priority, order: this.counter++ });
    this.entries.sort((a, b) => a.priority - b.priority || a.order - b.order);
  }

  /** Removes hook `name`; returns whether it existed. */
  remove(name: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.name !== name);
    return this.entries.length !== before;
  }

  /** Names of the hooks, in the order they run. */
  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** Runs every hook in order, awaiting each; an error names the hook. */
  async run(...args: A): Promise<void> {
    for (const e of [...this.entries]) {
      try {
        await e.fn(...args);
      } catch (error) {
        if (error instanceof Error && !error.message.startsWith('hook "'))
          error.message = `hook "${e.name}": ${error.message}`;
        throw error;
      }
    }
  }
}

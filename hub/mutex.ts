/**
 * A per-key async mutex: tasks with the same key run one after another, in call order; tasks
 * with different keys run freely. Used to serialize read-modify-write of one person, since the
 * Hub's `PUT /people/{id}` replaces the whole person and two interleaved writers lose an update.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // `previous` only ever resolves (it is a chain of `mine`s), so a failed task never blocks the queue.
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      // The last one out removes the key, so the map does not grow with every person ever touched.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Keys with a task running or queued (for tests and diagnostics). */
  get size(): number {
    return this.#tails.size;
  }
}

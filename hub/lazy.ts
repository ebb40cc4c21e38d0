/**
 * Cached promises per key, for the session: concurrent callers share one in-flight load, a failed
 * load is forgotten so the next caller tries again, and writes patch what is cached in place.
 */
/** A map of cached promises that knows the latest settled value of each key. */
export class LazyMap<K, V> {
  readonly #pending = new Map<K, Promise<V>>();
  readonly #settled = new Map<K, V>();
  #version = 0;

  /** Changes whenever a settled value does: what is derived from `values()` can be kept until then. */
  get version(): number {
    return this.#version;
  }

  get(key: K, load: () => Promise<V>): Promise<V> {
    return this.#pending.get(key) ?? this.#track(key, load());
  }

  has(key: K): boolean {
    return this.#pending.has(key);
  }

  set(key: K, value: V): void {
    this.#track(key, Promise.resolve(value));
  }

  /** Applies a write's effect to what is cached or loading; a key never asked for stays unloaded. */
  update(key: K, f: (value: V) => V): void {
    const current = this.#pending.get(key);
    if (current !== undefined) this.#track(key, current.then(f));
  }

  updateAll(f: (value: V) => V): void {
    for (const key of [...this.#pending.keys()]) this.update(key, f);
  }

  delete(key: K): void {
    this.#pending.delete(key);
    if (this.#settled.delete(key)) this.#version += 1;
  }

  clear(): void {
    this.#pending.clear();
    this.#settled.clear();
    this.#version += 1;
  }

  /** The latest settled values; loads still in flight are left out. */
  values(): Map<K, V> {
    return new Map(this.#settled);
  }

  #track(key: K, p: Promise<V>): Promise<V> {
    this.#pending.set(key, p);
    p.then(
      (v) => {
        if (this.#pending.get(key) === p) {
          this.#settled.set(key, v);
          this.#version += 1;
        }
      },
      () => {
        if (this.#pending.get(key) === p) this.delete(key);
      },
    );
    return p;
  }
}

/**
 * A clock for tests with many concurrent sleepers: `sleep(ms)` wakes at `now + ms` of when it was
 * called and moves time to the latest wake-up seen, so ten waiters of 1 s cost 1 s of virtual time,
 * not 10. Wake-ups are yielded through `setImmediate`, so real I/O (a mock Hub on a socket) goes on
 * in between. Nothing ever really sleeps.
 */
export interface VirtualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Total virtual milliseconds slept, for reporting. */
  readonly slept: number[];
}

export function virtualClock(start = Date.UTC(2030, 0, 1, 12, 0, 0)): VirtualClock {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: (ms) => {
      const target = t + Math.max(0, ms);
      slept.push(ms);
      return new Promise((resolve) =>
        setImmediate(() => {
          t = Math.max(t, target);
          resolve();
        }),
      );
    },
  };
}

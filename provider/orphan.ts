/**
 * The dynamic-provider process is Pulumi's: the engine starts it and stops it at the end of an
 * operation. When the engine is killed (kill -9 of `pulumi up`), nobody stops it, and it would stay
 * behind holding its Hub session. So the process asks every second, on a timer that never keeps it
 * alive, whether its parent still exists (signal 0: `process.ppid` is read once at start by Node,
 * so a re-parenting does not show there), and exits when it is gone: nobody is left to answer to.
 */

/** What the check needs of a process; `process` itself, or a stand-in in a test. */
export interface ParentWatched {
  readonly ppid: number;
  exit(code?: number): never | void;
  kill(pid: number, signal?: string | number): true | void;
}

/** Signal 0 checks that a process exists; `EPERM` means it does (another user's). */
function exists(proc: ParentWatched, pid: number): boolean {
  try {
    proc.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}

/** Starts the watch; the returned function stops it. */
export function exitWithParent(proc: ParentWatched = process, everyMs = 1000): () => void {
  const parent = proc.ppid;
  const timer = setInterval(() => {
    if (!exists(proc, parent)) proc.exit(0);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Whether this is Pulumi's Node.js dynamic-provider process (`…/cmd/dynamic-provider/index.js`). */
export const isDynamicProviderProcess = (argv: readonly string[] = process.argv): boolean =>
  /[\\/]dynamic-provider([\\/]|$)/.test(argv[1] ?? "");

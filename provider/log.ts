/** Messages to the engine (shown by `pulumi preview` and `up`); silent outside an engine. */
import * as pulumi from "@pulumi/pulumi";

export function logWarn(message: string): void {
  try {
    void pulumi.log.warn(message);
  } catch {
    // Outside an engine (unit tests, the CLI) there is nobody to tell.
  }
}

export function logInfo(message: string): void {
  try {
    void pulumi.log.info(message);
  } catch {
    // As above.
  }
}

/** Shown with `pulumi preview --debug`: the full detail a one-line message summarises. */
export function logDebug(message: string): void {
  try {
    void pulumi.log.debug(message);
  } catch {
    // As above.
  }
}

/**
 * A mock extension read only where the Hub offers it, for a caller that does not manage it (the
 * lockout rules read an org's external administrators where they can): a Hub that answers it does
 * not have it (Webex) is asked once per session, and a token that may not read it is not an error.
 */
import { isHubError } from "./errors";

export class Offered {
  #offered = true;

  /** False once the Hub answered that it has no such extension. */
  get offered(): boolean {
    return this.#offered;
  }

  /** The keys to read: none once the Hub is known to lack the extension. */
  keys(keys: readonly string[] | undefined): readonly string[] {
    return this.#offered ? (keys ?? []) : [];
  }

  /** The Hub answered, to another reader, that it has no such extension. */
  lacking(): void {
    this.#offered = false;
  }

  async read(load: () => Promise<unknown>): Promise<void> {
    try {
      await load();
    } catch (e) {
      if (isHubError(e, "hub-unsupported")) this.#offered = false;
      else if (!isHubError(e, "hub-forbidden")) throw e;
    }
  }
}

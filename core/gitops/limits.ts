/** The limits of what a GitOps file may be, in one place for the CLI, the SDK and the docs' tests. */
import { MAX_FILE_BYTES, sizeProblem } from "./bytes";
import { MAX_DEPTH, MAX_ENTRIES } from "./nesting";

export const GITOPS_FILE_LIMITS = { bytes: MAX_FILE_BYTES, depth: MAX_DEPTH, entries: MAX_ENTRIES } as const;

/** The refusal of a file of `size` bytes (`atLeast`: only a prefix of it was read). */
export const fileSizeProblem = sizeProblem;

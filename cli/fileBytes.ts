/**
 * A GitOps file's bytes, read with a bound: a file larger than the core reads is refused from its
 * size before any of it is read, and a device or pipe (no size) is read only up to one byte past
 * the limit, so `validate /dev/zero` ends at once too.
 */
import { open } from "node:fs/promises";
import { GITOPS_FILE_LIMITS, fileSizeProblem } from "../core";

export type FileBytes =
  { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

const reasonOf = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "file not found";
  return code === "EISDIR" ? "is a directory, not a file" : `cannot be read (${code ?? "error"})`;
};

export async function readFileBytes(path: string): Promise<FileBytes> {
  const limit = GITOPS_FILE_LIMITS.bytes;
  try {
    const handle = await open(path, "r");
    try {
      const { size } = await handle.stat();
      if (size > limit) return { ok: false, message: fileSizeProblem(size).message };
      // One byte past the limit tells a file at the limit from one over it.
      const buffer = Buffer.allocUnsafe(limit + 1);
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) return { ok: true, bytes: buffer.subarray(0, filled) };
        filled += bytesRead;
        // Past the limit though the size said otherwise (a pipe, a growing file): at least this much.
        if (filled > limit) return { ok: false, message: fileSizeProblem(filled, true).message };
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, message: reasonOf(error) };
  }
}

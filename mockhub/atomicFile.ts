/**
 * Files replaced whole, atomically and durably: what the mock Hub's state file and its journal's
 * start rely on. A crash leaves the old content or the new, never a mix.
 */
import { randomBytes } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `data` to `path` so that readers (and a restart after a crash) see the old or the new
 * content, never a mix. The temp file sits in the same directory because rename is only atomic
 * within one file system.
 */
export async function writeFileAtomic(path: string, data: string | readonly Buffer[], mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const file = await open(tmp, "w", mode);
  try {
    if (typeof data === "string") await file.writeFile(data, "utf8");
    else {
      const { bytesWritten } = await file.writev(data);
      const size = data.reduce((sum, chunk) => sum + chunk.length, 0);
      if (bytesWritten !== size) throw new Error(`wrote ${bytesWritten} of ${size} bytes to ${tmp}`);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** The rename itself is only durable once the directory entry is flushed. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (err) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
    if (process.platform !== "win32") throw err;
  } finally {
    await handle?.close();
  }
}

/** Temp files of a process killed between write and rename; they never hold committed state. */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(prefix) && n.endsWith(".tmp")).map((n) => rm(join(dir, n), { force: true })),
  );
}

// Node-only: the file operations checkpoints need, with atomic writes.
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The file operations a {@link Checkpointer} uses. {@link nodeFileSystem} is the default; pass another (e.g. a
 * wrapper that fails on purpose, in tests) through `CheckpointerOptions.fileSystem`.
 */
export interface CheckpointFileSystem {
  /** Writes `data` to `path` atomically: readers see the old file or the complete new one, never a partial one. */
  writeFileAtomic(path: string, data: Uint8Array): Promise<void>;
  /** Reads a whole file. */
  readFile(path: string): Promise<Uint8Array>;
  /** File names in `dir` (empty when it does not exist). */
  readDir(dir: string): Promise<string[]>;
  /** Creates `dir` and its parents when missing. */
  mkdir(dir: string): Promise<void>;
  /** Deletes a file; no error when it does not exist. */
  remove(path: string): Promise<void>;
  /** Makes `dest` a copy of `src` (a hard link where possible). */
  copy(src: string, dest: string): Promise<void>;
}

/** Prefix of temporary files written by {@link nodeFileSystem}'s atomic writes (left behind only by a crash). */
export const TEMP_PREFIX = '.tmp-';

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename durable. Not supported on every platform (e.g. Windows): best effort.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignore
  }
}

/**
 * The Node implementation: atomic writes go to a temporary file in the same directory (`.tmp-<name>-<random>`),
 * which is fsync'ed, then renamed over the target, then the directory is fsync'ed.
 */
export const nodeFileSystem: CheckpointFileSystem = {
  async writeFileAtomic(path, data) {
    const dir = dirname(path);
    const tmp = join(dir, `${TEMP_PREFIX}${basename(path)}-${randomBytes(6).toString('hex')}`);
    const handle = await open(tmp, 'wx');
    try {
      try {
        let at = 0;
        while (at < data.length) {
          const { bytesWritten } = await handle.write(data, at, data.length - at);
          at += bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    await fsyncDir(dir);
  },
  async readFile(path) {
    return readFile(path);
  },
  async readDir(dir) {
    try {
      return await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  },
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  async copy(src, dest) {
    await rm(dest, { force: true });
    try {
      await link(src, dest);
    } catch {
      await copyFile(src, dest);
    }
  },
};

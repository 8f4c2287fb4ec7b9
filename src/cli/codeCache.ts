/**
 * V8's compiled code for the command line, kept between runs (as Node 22's compile cache
 * does; the CLI runs on Node 20). Compiling the bundle costs ~30 ms of each run; reading it
 * back costs ~2 ms.
 *
 * A code cache is code: V8 checks that it fits the source's length, its own version and
 * flags, not where it came from. So it is read only from a directory that this user alone
 * can write (owned by them, no write bit for group or others, not a link), under their own
 * cache directory, never from a shared one such as /tmp; and a file is named by a hash of
 * the exact source and starts with that hash, so another build's cache (renamed or linked
 * into place) is never offered: V8 would take one whose source had the same length. Anything unexpected (no
 * home, a read-only disk, a directory someone else could write) means no cache: the run is
 * the same, only slower. CASCADE_LENS_NO_CODE_CACHE=1 turns it off.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Larger than any cache of this bundle (~1 MB): a bigger file is not read. */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/** Where this build's cache lives, or undefined when there must be none. */
export function codeCacheFile(sourceHash: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CASCADE_LENS_NO_CODE_CACHE === "1") return undefined;
  const base = userCacheDirectory(env);
  if (!base) return undefined;
  const name = `cli-${sourceHash}-${process.version}-${process.arch}.v8cache`;
  return path.join(base, "cascade-lens", name.replace(/[^A-Za-z0-9._-]/g, "_"));
}

function userCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (process.platform === "win32") return absolute(env.LOCALAPPDATA);
  const xdg = absolute(env.XDG_CACHE_HOME);
  if (xdg) return xdg;
  let home: string;
  try {
    home = os.homedir();
  } catch {
    return undefined;
  }
  return absolute(home) && home !== "/" ? path.join(home, ".cache") : undefined;
}

const absolute = (dir: string | undefined): string | undefined => (dir && path.isAbsolute(dir) ? dir : undefined);

/** Whether `stat` is something only this user can change (POSIX; Windows' ACLs are left to the profile directory). */
function ownedPrivately(stat: fs.Stats): boolean {
  if (typeof process.getuid !== "function") return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

function privateDirectory(dir: string): boolean {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && ownedPrivately(stat);
  } catch {
    return false;
  }
}

/** The line a cache file starts with: which build's code follows. */
const header = (sourceHash: string): Buffer => Buffer.from(`cascade-lens code cache ${sourceHash}\n`, "latin1");

/** V8's cached data for this build, or undefined when there is none to trust. */
export function readCodeCache(file: string, sourceHash: string): Buffer | undefined {
  if (!privateDirectory(path.dirname(file))) return undefined;
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: a link put in place of the file is not followed to somewhere else.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || !ownedPrivately(stat) || stat.size > MAX_CACHE_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(stat.size);
    let length = 0;
    while (length < stat.size) {
      const read = fs.readSync(fd, bytes, length, stat.size - length, null);
      if (read === 0) return undefined;
      length += read;
    }
    const expected = header(sourceHash);
    return bytes.subarray(0, expected.length).equals(expected) ? bytes.subarray(expected.length) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes the cache whole or not at all: a new private file, renamed into place. */
export function writeCodeCache(file: string, sourceHash: string, cachedData: Buffer): void {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    // Only the cache directory itself, and ~/.cache under an existing home: never a missing home.
    for (const each of [path.dirname(dir), dir]) if (!fs.existsSync(each)) fs.mkdirSync(each, { mode: 0o700 });
    if (!privateDirectory(dir)) return;
    fs.writeFileSync(temporary, Buffer.concat([header(sourceHash), cachedData]), { mode: 0o600, flag: "wx" });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written, or it cannot be removed: either way no cache is used from it.
    }
  }
}

/**
 * The command line's code cache (src/cli/codeCache.ts) on the built dist/cli.js: it is
 * written once, privately, used by the next run with the same output, and never read from
 * a place another user could have written; a cache that is not V8's is rejected and
 * replaced, and the output never changes.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { codeCacheFile, readCodeCache, writeCodeCache } from "../../src/cli/codeCache";
import { temporaryDirectory } from "./support";

/** The hash of the built program, from its cache file's name (cli-HASH-vX.Y.Z-arch.v8cache). */
const hashOf = (file: string): string => path.basename(file).split("-")[1];

const repo = path.resolve(__dirname, "../../..");
const CLI = path.join(repo, "dist/cli.js");
const EXAMPLE = path.join(repo, "media/examples/two-venues.risk.json");
const posix = typeof process.getuid === "function";

/** The CLI's JSON for the example with XDG_CACHE_HOME at `cacheHome` (or the cache off). */
function simulate(cacheHome: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [CLI, "simulate", EXAMPLE, "--format", "json"], {
    env: { ...process.env, CASCADE_LENS_NO_CODE_CACHE: "", XDG_CACHE_HOME: cacheHome, ...env },
    encoding: "utf8",
  });
}

function cacheFiles(cacheHome: string): string[] {
  const dir = path.join(cacheHome, "cascade-lens");
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
}

function temporaryHome(): string {
  return temporaryDirectory("cascade-lens-cache-");
}

describe("the CLI's code cache", () => {
  const plain = simulate(temporaryHome(), { CASCADE_LENS_NO_CODE_CACHE: "1" });

  it("is written by the first run, privately, and used unchanged by the next, with the same output", () => {
    const home = temporaryHome();
    assert.equal(simulate(home), plain);
    const [file, ...more] = cacheFiles(home);
    assert.ok(file, "a cache was written");
    assert.deepEqual(more, [], "one file, no temporary left behind");
    if (posix) {
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    }
    const written = fs.statSync(file);
    assert.equal(simulate(home), plain);
    // Accepted by V8, so not written again: the same inode, untouched.
    const after = fs.statSync(file);
    assert.equal(after.ino, written.ino);
    assert.equal(after.mtimeMs, written.mtimeMs);
  });

  it("replaces a file that is not V8's code cache, with or without this build's header, with the same output", () => {
    const home = temporaryHome();
    simulate(home);
    const [file] = cacheFiles(home);
    const garbage = Buffer.alloc(4096, 0x5a);
    const headed = Buffer.concat([Buffer.from(`cascade-lens code cache ${hashOf(file)}\n`), garbage]);
    for (const planted of [garbage, headed]) {
      fs.writeFileSync(file, planted, { mode: 0o600 });
      assert.equal(simulate(home), plain);
      const now = fs.readFileSync(file);
      assert.ok(!now.equals(planted) && readCodeCache(file, hashOf(file)), "rejected and written again");
    }
  });

  it("is neither read nor written where another user could write", { skip: !posix }, () => {
    const home = temporaryHome();
    simulate(home);
    const [file] = cacheFiles(home);
    const dir = path.dirname(file);
    const good = fs.readFileSync(file);
    fs.chmodSync(dir, 0o777);
    fs.writeFileSync(file, Buffer.alloc(4096, 0x5a), { mode: 0o600 });
    assert.equal(readCodeCache(file, hashOf(file)), undefined, "not read from a directory others can write");
    assert.equal(simulate(home), plain);
    assert.deepEqual(fs.readFileSync(file), Buffer.alloc(4096, 0x5a), "nor written there");
    fs.chmodSync(dir, 0o700);
    fs.writeFileSync(file, good);
    fs.chmodSync(file, 0o666);
    assert.equal(readCodeCache(file, hashOf(file)), undefined, "a file others can write is not read");
    fs.chmodSync(file, 0o600);
    assert.ok(readCodeCache(file, hashOf(file)), "the same file, private again, is");
    assert.equal(readCodeCache(file, "0".repeat(24)), undefined, "nor is it offered to another build");
  });

  it("does not follow a link put in place of the cache file", { skip: !posix }, () => {
    const home = temporaryHome();
    simulate(home);
    const [file] = cacheFiles(home);
    const elsewhere = path.join(temporaryHome(), "planted");
    fs.copyFileSync(file, elsewhere);
    fs.rmSync(file);
    fs.symlinkSync(elsewhere, file);
    assert.equal(readCodeCache(file, hashOf(file)), undefined);
    assert.equal(simulate(home), plain);
  });

  it("is named by the build and Node, and is off without a usable cache directory", () => {
    const env = { XDG_CACHE_HOME: "/home/someone/.cache" };
    const file = codeCacheFile("0123abcd", env)!;
    if (process.platform !== "win32") {
      assert.equal(path.dirname(file), "/home/someone/.cache/cascade-lens");
      assert.match(path.basename(file), new RegExp(`^cli-0123abcd-v\\d+\\.\\d+\\.\\d+-${process.arch}\\.v8cache$`));
      assert.notEqual(codeCacheFile("0123abcd", { XDG_CACHE_HOME: "relative/dir" }), undefined, "falls back to home");
      assert.ok(!codeCacheFile("0123abcd", { XDG_CACHE_HOME: "relative/dir" })!.startsWith("relative"));
    }
    assert.equal(codeCacheFile("0123abcd", { ...env, CASCADE_LENS_NO_CODE_CACHE: "1" }), undefined);
  });

  it("makes its own directory, and ~/.cache in an existing home, but never a missing home", () => {
    const home = temporaryHome();
    const missingHome = path.join(home, "gone");
    assert.equal(simulate(path.join(missingHome, ".cache")), plain);
    assert.ok(!fs.existsSync(missingHome), "no home was made");
    assert.equal(simulate(path.join(home, ".cache")), plain);
    assert.equal(
      cacheFiles(path.join(home, ".cache")).length,
      1,
      "~/.cache and its cascade-lens made in a home that exists",
    );
  });

  it("writes nothing where the directory cannot be made", () => {
    const home = temporaryHome();
    const blocked = path.join(home, "file-not-dir");
    fs.writeFileSync(blocked, "");
    writeCodeCache(path.join(blocked, "cascade-lens", "cli.v8cache"), "0123abcd", Buffer.from("x"));
    assert.equal(fs.readFileSync(blocked, "utf8"), "");
    assert.equal(simulate(blocked), plain, "the CLI runs the same without a cache");
  });
});

/**
 * The command line's entry: the program (index.ts and all it imports) is embedded here as
 * source text by the build, and compiled with V8's cached code when a trusted cache of this
 * exact build exists (codeCache.ts). Without one it is compiled as Node would compile it,
 * and its cache written as the process exits. The file stays one self-contained script.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { isMainThread } from "node:worker_threads";
import { source, sourceHash } from "embedded-program:./index.ts";
import { codeCacheFile, readCodeCache, writeCodeCache } from "./codeCache";

const cacheFile = codeCacheFile(sourceHash);
const cachedData = cacheFile ? readCodeCache(cacheFile, sourceHash) : undefined;
// The wrapper Node puts around a CommonJS module, on the program's first line so that its
// line numbers in a stack trace are the program's own.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: __filename,
  cachedData,
});
// Written after the run, so the functions the run compiled are in it; by the main thread
// only (share threads run the same program).
if (cacheFile && isMainThread && (!cachedData || script.cachedDataRejected))
  process.once("exit", () => writeCodeCache(cacheFile, sourceHash, script.createCachedData()));
const exports = {};
script.runInThisContext()(exports, createRequire(__filename), { exports }, __filename, path.dirname(__filename));

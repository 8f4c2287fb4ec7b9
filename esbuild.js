// Bundles: the extension (CommonJS, `vscode` external), the simulation worker, the CLI,
// the webview script (browser), and the tests. Also writes dist/risk.schema.json from
// the zod schema. `node esbuild.js --watch` rebuilds on change; `--production` minifies;
// `--dist=DIR` writes the product bundles there instead of dist/ and skips the tests
// (scripts/package.ts stages a release that way, leaving the working build alone).
const esbuild = require("esbuild");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
const distOption = process.argv.find((arg) => arg.startsWith("--dist="));
// --cli-only: the command-line bundle alone (the container image builds nothing else).
const cliOnly = process.argv.includes("--cli-only");
const dist = distOption ? distOption.slice("--dist=".length) : "dist";

const node = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  // jsonc-parser's UMD entry requires files esbuild cannot see; its ESM entry bundles cleanly.
  mainFields: ["module", "main"],
};

/**
 * `import { source, sourceHash } from "embedded-program:./index.ts"`: that entry bundled on
 * its own, as text (src/cli/launch.ts compiles it with V8's code cache). Its files are
 * watched as the importer's.
 */
const embeddedProgram = {
  name: "embedded-program",
  setup(build) {
    build.onResolve({ filter: /^embedded-program:/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.slice("embedded-program:".length)),
      namespace: "embedded-program",
    }));
    build.onLoad({ filter: /.*/, namespace: "embedded-program" }, async (args) => {
      const result = await esbuild.build({
        ...node,
        sourcemap: false,
        entryPoints: [args.path],
        write: false,
        metafile: true,
        outfile: "program.js",
      });
      const text = result.outputFiles[0].text;
      const hash = crypto.createHash("sha256").update(text).digest("hex").slice(0, 24);
      return {
        contents: `export const source = ${JSON.stringify(text)};\nexport const sourceHash = ${JSON.stringify(hash)};\n`,
        loader: "js",
        watchFiles: Object.keys(result.metafile.inputs).map((file) => path.resolve(file)),
      };
    });
  },
};

const listTests = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => path.join(dir, f))
    : [];

const builds = [
  { ...node, entryPoints: { extension: "src/extension/extension.ts" }, outdir: dist, external: ["vscode"] },
  {
    ...node,
    entryPoints: { worker: "src/worker/simulationWorker.ts", analysisWorker: "src/worker/analysisWorker.ts" },
    outdir: dist,
  },
  {
    ...node,
    entryPoints: { cli: "src/cli/launch.ts" },
    outdir: dist,
    banner: { js: "#!/usr/bin/env node" },
    plugins: [embeddedProgram],
  },
  {
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    sourcemap: !production,
    minify: production,
    logLevel: "warning",
    entryPoints: { webview: "src/webview/main.ts" },
    outdir: dist,
  },
];

const allTestBuilds = [
  {
    ...node,
    sourcemap: true,
    minify: false,
    entryPoints: listTests("test/unit"),
    outdir: "out/test/unit",
    external: ["fast-check"],
  },
  {
    ...node,
    sourcemap: true,
    minify: false,
    entryPoints: ["test/host/index.ts", ...listTests("test/host")],
    outdir: "out/test/host",
    external: ["vscode", "mocha"],
  },
  {
    ...node,
    sourcemap: true,
    minify: false,
    entryPoints: listTests("test/browser"),
    outdir: "out/test/browser",
    external: ["playwright-core"],
  },
  {
    ...node,
    sourcemap: false,
    minify: false,
    entryPoints: {
      "generate-schema": "scripts/generate-schema.ts",
      "run-tests": "scripts/run-tests.ts",
      start: "scripts/start.ts",
      package: "scripts/package.ts",
    },
    outdir: "out/scripts",
    external: ["playwright-core"],
  },
  { ...node, sourcemap: false, minify: false, entryPoints: { bench: "scripts/bench.ts" }, outdir: "out/scripts" },
  {
    ...node,
    sourcemap: true,
    minify: false,
    entryPoints: { runElectron: "test/electron/runElectron.ts" },
    outdir: "out/test/electron",
    external: ["@vscode/test-electron"],
  },
];

const schemaScript = allTestBuilds.find((b) => "generate-schema" in (b.entryPoints ?? {}));
const testBuilds = distOption ? [schemaScript] : allTestBuilds;

async function writeSchema() {
  const generator = path.resolve("out/scripts/generate-schema.js");
  delete require.cache[generator];
  require(generator).writeSchema(path.resolve(dist, "risk.schema.json"));
}

async function main() {
  const entries = (b) => (Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints));
  const all = [...builds, ...testBuilds].filter(
    (b) => entries(b).length > 0 && entries(b).every((file) => fs.existsSync(file)),
  );
  if (watch) {
    const contexts = await Promise.all(all.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.rebuild()));
    await writeSchema();
    await Promise.all(contexts.map((context) => context.watch()));
    console.log("watching for changes");
    return;
  }
  if (cliOnly) {
    await esbuild.build(builds.find((b) => "cli" in b.entryPoints));
    fs.chmodSync(path.join(dist, "cli.js"), 0o755);
    return;
  }
  await Promise.all(all.map((options) => esbuild.build(options)));
  fs.chmodSync(path.join(dist, "cli.js"), 0o755);
  await writeSchema();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

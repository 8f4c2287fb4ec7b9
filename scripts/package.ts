/**
 * `npm run package [-- --out FILE]`: the release .vsix, built in a staging folder (a
 * minified production build, the manifest, media, README, CHANGELOG, LICENSE) so the
 * working dist/ keeps its source maps. The browser suite installs exactly this file.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "../..");

export function packageVsix(out?: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const target = path.resolve(out ?? path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`));
  const stage = path.join(REPO_ROOT, "out/package-stage");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  for (const file of ["package.json", "README.md", "CHANGELOG.md", "LICENSE", ".vscodeignore"])
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(stage, file));
  fs.cpSync(path.join(REPO_ROOT, "media"), path.join(stage, "media"), { recursive: true });
  // The documentation pages (each diagnostic links to docs/rules.md), not the README's pictures.
  fs.cpSync(path.join(REPO_ROOT, "docs"), path.join(stage, "docs"), {
    recursive: true,
    filter: (source) => !source.endsWith(".png"),
  });
  execFileSync(process.execPath, ["esbuild.js", "--production", `--dist=${path.join(stage, "dist")}`], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  execFileSync(path.join(REPO_ROOT, "node_modules/.bin/vsce"), ["package", "--no-dependencies", "--out", target], {
    cwd: stage,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return target;
}

if (require.main === module) {
  const at = process.argv.indexOf("--out");
  const file = packageVsix(at >= 0 ? process.argv[at + 1] : undefined);
  console.log(`${path.relative(process.cwd(), file)}: ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
}

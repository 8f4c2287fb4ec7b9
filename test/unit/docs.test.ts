/** The documentation tells the truth: its example files validate, and it links only inside the repository. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { simulateAll } from "../../src/analysis/analyses";
import { validateRiskText } from "../../src/rules/validate";

const root = path.resolve(__dirname, "../../..");
const pages = [
  "README.md",
  ...fs
    .readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

describe("documentation", () => {
  it("the file-format page's example is a valid risk file that simulates", () => {
    const page = fs.readFileSync(path.join(root, "docs/file-format.md"), "utf8");
    const example = /```jsonc\n(\{\n {2}"version"[\s\S]*?\n\})\n```/.exec(page)?.[1];
    assert.ok(example, "the page holds a complete example");
    const validation = validateRiskText(example);
    assert.deepEqual(
      validation.problems.filter((p) => p.severity === "error"),
      [],
    );
    assert.equal(simulateAll(validation.resolved!).length, 1);
  });

  it("every relative link of the README and docs/ points at a file of the repository", () => {
    for (const page of pages) {
      const text = fs.readFileSync(path.join(root, page), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const resolved = path.resolve(path.dirname(path.join(root, page)), target);
        assert.ok(resolved.startsWith(root + path.sep), `${page} links outside the repository: ${target}`);
        assert.ok(fs.existsSync(resolved), `${page} links to a missing ${target}`);
      }
      assert.doesNotMatch(text, /\.\.\/shared|SPEC\.md/, `${page} names a file outside the repository`);
    }
  });
});

/**
 * The GitHub Actions example (media/workflows/risk-review.yml), read as YAML: the jobs and
 * steps the README describes, the commands they run, and no expression pasted into a
 * script. The network is not tested; the Markdown it posts is (diff.test.ts).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { execFileSync } from "node:child_process";
import { parse } from "yaml";
import { temporaryDirectory } from "./support";

const WORKFLOW = path.resolve(__dirname, "../../../media/workflows/risk-review.yml");
const EXAMPLES = path.resolve(__dirname, "../../../media/examples");
const CLI = path.resolve(__dirname, "../../../dist/cli.js");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
}

describe("the risk-review workflow example", () => {
  const workflow = parse(fs.readFileSync(WORKFLOW, "utf8"));
  const steps: Step[] = workflow.jobs.review.steps;

  it("runs on pull requests that touch risk files and books, with the permissions it needs", () => {
    assert.deepEqual(workflow.on.pull_request.paths, ["**/*.risk.json", "**/*.risk.jsonc", "**/*.csv"]);
    assert.deepEqual(workflow.permissions, { contents: "read", "pull-requests": "write" });
  });

  it("checks out with history, builds the CLI, validates against the base, diffs as Markdown and posts it", () => {
    assert.equal(steps[0].uses, "actions/checkout@v4");
    const run = (pattern: RegExp) => steps.find((s) => s.run && pattern.test(s.run));
    assert.ok(run(/node esbuild\.js/), "builds the CLI");
    assert.ok(
      run(/node "\$CASCADE_LENS" validate "\$file" --base "\$RUNNER_TEMP\/base\/\$file"/),
      "validates with --base",
    );
    assert.ok(
      run(/node "\$CASCADE_LENS" diff "\$RUNNER_TEMP\/base\/\$file" "\$file" --format markdown/),
      "diffs as Markdown",
    );
    assert.ok(run(/gh pr comment "\$PR_NUMBER" --body-file/), "posts the comment");
    assert.ok(run(/GITHUB_STEP_SUMMARY/), "writes the job summary (forks too)");
  });

  it("pastes no ${{ }} expression into a script (a branch name is attacker-controlled)", () => {
    for (const step of steps) assert.ok(!/\$\{\{/.test(step.run ?? ""), `${step.name}: expressions go through env`);
  });

  it("its scripts run as written: a repository whose pull request raises a threshold gets a comment with the diff and CL040", () => {
    const temp = temporaryDirectory("cl-workflow-");
    const git = (cwd: string, ...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@invalid", ...args], { cwd, stdio: "pipe" });
    const origin = path.join(temp, "origin");
    fs.mkdirSync(path.join(origin, "risk"), { recursive: true });
    fs.copyFileSync(
      path.join(EXAMPLES, "lending-pool.proposal.risk.json"),
      path.join(origin, "risk", "pool.risk.json"),
    );
    git(origin, "init", "-q", "-b", "main");
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "in force");
    const work = path.join(temp, "work");
    git(temp, "clone", "-q", origin, work);
    git(work, "checkout", "-q", "-b", "proposal");
    const file = path.join(work, "risk", "pool.risk.json");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace('"liquidationThreshold": 0.86', '"liquidationThreshold": 0.9'),
    );
    git(work, "commit", "-qam", "raise WETH's threshold");
    const runnerTemp = path.join(temp, "runner");
    fs.mkdirSync(runnerTemp);
    const summary = path.join(temp, "summary.md");
    const env = {
      ...process.env,
      BASE_REF: "main",
      RUNNER_TEMP: runnerTemp,
      GITHUB_STEP_SUMMARY: summary,
      CASCADE_LENS: CLI,
    };
    // GitHub runs each `run` with bash -e -o pipefail; the build and the comment (network) are not run here.
    for (const title of ["List the risk files", "Validate them", "Compare each"]) {
      const step = steps.find((s) => s.name?.startsWith(title))!;
      execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], {
        cwd: work,
        env,
        stdio: "pipe",
      });
    }
    const comment = fs.readFileSync(path.join(runnerTemp, "comment.md"), "utf8");
    assert.match(comment, /^### Cascade Lens: .*\/base\/risk\/pool\.risk\.json → risk\/pool\.risk\.json/);
    assert.match(comment, /\| venues\.Core\.markets\.WETH\.liquidationThreshold \| 0\.86 \| 0\.9 \|/);
    assert.match(comment, /#### Beyond steward limits \(CL040\)/);
    assert.equal(fs.readFileSync(summary, "utf8"), comment);
  });
});

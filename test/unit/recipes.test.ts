/**
 * The recipes for running shards elsewhere, tested as far as this machine can: the
 * container's Dockerfile executed step by step in a temporary directory (no Docker daemon:
 * its COPY and RUN lines are carried out with the paths under that directory), then the
 * commands the GitHub Actions matrix and the Kubernetes Indexed Job run, against the CLI the
 * image holds, merged and compared byte for byte with the unsharded run.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { temporaryDirectory } from "./support";

const ROOT = path.resolve(__dirname, "../../..");
const POOL = path.join(ROOT, "media/examples/lending-pool.risk.json");

interface Instruction {
  op: string;
  args: string;
}

function dockerfile(): Instruction[][] {
  const stages: Instruction[][] = [];
  for (const line of fs.readFileSync(path.join(ROOT, "scripts/cli.Dockerfile"), "utf8").split("\n")) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    if (match[1] === "FROM") stages.push([]);
    stages[stages.length - 1].push({ op: match[1], args: match[2] });
  }
  return stages;
}

const sh = (script: string, cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync("sh", ["-c", script], { cwd, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 28 });

describe("the container image and the shard recipes", () => {
  const temp = temporaryDirectory("cl-image-");
  const image = path.join(temp, "image");
  const bin = path.join(image, "usr/local/bin");
  const run = (script: string, cwd: string, env: NodeJS.ProcessEnv = {}) =>
    sh(script, cwd, { PATH: `${bin}:${process.env.PATH}`, ...env });

  before(() => {
    const [build, runtime] = dockerfile();
    // Build stage: WORKDIR, COPY from the repository, RUN, all under temp/build.
    let workdir = path.join(temp, "build");
    for (const { op, args } of build) {
      if (op === "WORKDIR") workdir = path.join(temp, "build", args);
      fs.mkdirSync(workdir, { recursive: true });
      if (op === "COPY") {
        const parts = args.split(/\s+/);
        const target = parts.pop()!;
        for (const source of parts)
          fs.cpSync(path.join(ROOT, source), path.join(workdir, target === "./" ? path.basename(source) : target), {
            recursive: true,
          });
      }
      if (op === "RUN") sh(args, workdir);
    }
    // Runtime stage: the bundle copied out of the build stage, its RUN lines on paths under temp/image.
    for (const { op, args } of runtime) {
      if (op === "COPY") {
        const [, from, to] = /^--from=build\s+(\S+)\s+(\S+)$/.exec(args)!;
        fs.mkdirSync(path.dirname(path.join(image, to)), { recursive: true });
        fs.copyFileSync(path.join(temp, "build", from), path.join(image, to));
      }
      if (op === "RUN") sh(args.replace(/(\s)\//g, `$1${image}/`), image);
    }
  });

  it("the image holds only the CLI, which runs on its own (no node_modules beside it)", () => {
    assert.deepEqual(fs.readdirSync(bin), ["cascade-lens"]);
    assert.match(run("cascade-lens --help", temp), /cascade-lens merge OUT\.json SHARD/);
    const [, runtime] = dockerfile();
    assert.deepEqual(runtime.find((i) => i.op === "ENTRYPOINT")?.args, '["cascade-lens"]');
  });

  it("the GitHub Actions matrix: each job's shard, then the merge job, equal the unsharded sweep2", () => {
    const workflow = parse(fs.readFileSync(path.join(ROOT, "media/workflows/sharded-sweep.yml"), "utf8"));
    const indices: number[] = workflow.jobs.shard.strategy.matrix.index;
    assert.equal(indices.length, Number(workflow.env.SHARDS));
    assert.deepEqual(workflow.jobs.merge.needs, "shard");
    const compute = workflow.jobs.shard.steps.find((s: { name?: string }) => s.name?.startsWith("Compute shard")).run;
    const merge = workflow.jobs.merge.steps.find((s: { name?: string }) => s.name === "Merge the shards").run;
    const repo = path.join(temp, "repo");
    fs.mkdirSync(path.join(repo, "risk"), { recursive: true });
    fs.copyFileSync(POOL, path.join(repo, "risk/pool.risk.json"));
    // A smaller grid than the recipe's 30 x 30, so the test stays quick; the commands are the recipe's.
    const env = {
      RISK_FILE: workflow.env.RISK_FILE,
      SHARDS: String(workflow.env.SHARDS),
      SWEEP: String(workflow.env.SWEEP).replace(/--steps 29/g, "--steps 3"),
    };
    for (const index of indices) run(compute, repo, { ...env, INDEX: String(index) });
    run(merge, repo, env);
    const whole = run(`cascade-lens sweep2 "$RISK_FILE" $SWEEP --format json`, repo, env);
    assert.equal(fs.readFileSync(path.join(repo, "sweep2.json"), "utf8"), whole);
  });

  it("the Kubernetes Indexed Job: JOB_COMPLETION_INDEX becomes --shard, the shards merge to the unsharded sweep2", () => {
    const job = parse(fs.readFileSync(path.join(ROOT, "media/deploy/sharded-sweep-job.yaml"), "utf8"));
    assert.equal(job.kind, "Job");
    assert.equal(job.spec.completionMode, "Indexed");
    const container = job.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    assert.equal(Number(env.SHARDS), job.spec.completions);
    assert.deepEqual(container.command, ["sh", "-c"]);
    const script: string = container.args[0].replace(/--steps 29/g, "--steps 2");
    assert.match(script, /--shard "\$JOB_COMPLETION_INDEX\/\$SHARDS"/);
    const data = path.join(temp, "data");
    const out = path.join(temp, "out");
    fs.mkdirSync(data);
    fs.mkdirSync(out);
    fs.copyFileSync(POOL, path.join(data, "pool.risk.json"));
    const local = { ...env, RISK_FILE: path.join(data, "pool.risk.json"), OUT_DIR: out };
    for (let index = 0; index < job.spec.completions; index++)
      run(script, temp, { ...local, JOB_COMPLETION_INDEX: String(index) });
    run(`cascade-lens merge merged.json "$OUT_DIR"/shard-*.json`, temp, local);
    const whole = run(script.replace(/--shard[^>]*>.*$/, "--format json"), temp, local);
    assert.equal(fs.readFileSync(path.join(temp, "merged.json"), "utf8"), whole);
  });
});

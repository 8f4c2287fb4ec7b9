/** The CLI front end: exit codes and JSON shapes of SPEC section 7, on the shipped examples. */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { run } from "../../src/cli/main";
import { lendingVenue, riskFile, temporaryDirectory } from "./support";

const examples = path.resolve(__dirname, "../../../media/examples");
const example = (name: string) => path.join(examples, name);

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = run(argv, { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
  return { code, out, err };
}

describe("cascade-lens validate", () => {
  it("exits 0 on the clean examples and 1 on the broken one, with located JSON problems", () => {
    assert.equal(cli("validate", example("lending-pool.risk.json"), example("two-venues.risk.json")).code, 0);
    const broken = cli("validate", example("broken.risk.json"), "--format", "json");
    assert.equal(broken.code, 1);
    const problems = JSON.parse(broken.out) as {
      file: string;
      code: string;
      severity: string;
      range: { start: { line: number; character: number } };
    }[];
    assert.deepEqual([...new Set(problems.map((p) => p.code))].sort(), [
      "CL003",
      "CL004",
      "CL010",
      "CL011",
      "CL012",
      "CL013",
      "CL020",
      "CL021",
      "CL030",
    ]);
    const toxic = problems.find((p) => p.code === "CL011")!;
    assert.deepEqual(Object.keys(toxic).sort(), ["code", "file", "message", "range", "severity"]);
    assert.deepEqual(toxic.range.start, { line: 18, character: 54 });
  });

  it("exits 2 on a missing file or a bad option", () => {
    assert.equal(cli("validate", "/nonexistent/x.risk.json").code, 2);
    // The unreadable file is named; the others are still validated.
    const mixed = cli("validate", "/nonexistent/x.risk.json", example("broken.risk.json"), "--format", "json");
    assert.equal(mixed.code, 2);
    assert.match(mixed.err, /cannot read \/nonexistent\/x\.risk\.json: no such file/);
    assert.ok((JSON.parse(mixed.out) as { code: string }[]).some((p) => p.code === "CL011"));
    assert.equal(cli("validate", example("broken.risk.json"), "--format", "yaml").code, 2);
    assert.equal(cli("frobnicate").code, 2);
    assert.equal(cli().code, 2);
    const help = cli("sweep", "--help");
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage:\n {2}cascade-lens validate FILE/);
    assert.equal(help.err, "");
  });
});

describe("cascade-lens as a process", () => {
  const bin = path.resolve(__dirname, "../../../dist/cli.js");

  it("ends quietly with its exit code when the reader closes the pipe early (| head)", async () => {
    // About 200 KiB of problems, more than a pipe holds, and the reader leaves after the first chunk.
    const files = Array.from({ length: 100 }, () => example("broken.risk.json"));
    const child = spawn(process.execPath, [bin, "validate", ...files], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(err, "");
    assert.equal(code, 1);
  });

  it("names a book by its absolute path when the risk file gives one", () => {
    const dir = temporaryDirectory("cascade-lens-cli-");
    const book = path.join(dir, "book.csv");
    fs.writeFileSync(book, "wrong,header\n");
    const risk = path.join(dir, "sub", "abs.risk.json");
    fs.mkdirSync(path.dirname(risk));
    const source = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, "../../../test/fixtures/csv-book.risk.json"), "utf8"),
    ) as { venues: { positions: unknown }[] };
    source.venues[0]!.positions = { file: book };
    fs.writeFileSync(risk, JSON.stringify(source));
    const problems = JSON.parse(cli("validate", risk, "--format", "json").out) as { file: string }[];
    assert.deepEqual([...new Set(problems.map((p) => p.file))].sort(), [book, risk].sort());
    fs.rmSync(dir, { recursive: true });
  });
});

describe("cascade-lens simulate / curve / sweep", () => {
  it("prints SPEC section 7 JSON for every scenario", () => {
    const { code, out } = cli("simulate", example("lending-pool.risk.json"), "--format", "json");
    assert.equal(code, 0);
    const report = JSON.parse(out);
    assert.equal(report.scenarios.length, 4);
    const scenario = report.scenarios[0];
    assert.deepEqual(
      Object.keys(scenario).sort(),
      [
        "amplification",
        "drawdown",
        "finalPrices",
        "halted",
        "liquidatedUsd",
        "name",
        "perRound",
        "rounds",
        "venues",
      ].sort(),
    );
    // Section 7's fields and the two SPEC 8.1 adds for every file (0 and {} for a version 1 venue).
    assert.deepEqual(Object.keys(scenario.venues[0]).sort(), [
      "badDebtUsd",
      "coveredUsd",
      "details",
      "liquidations",
      "name",
      "stuckDebtUsd",
      "uncoveredUsd",
      "writtenOffUsd",
    ]);
    assert.equal(scenario.venues[0].writtenOffUsd, 0);
    assert.deepEqual(scenario.venues[0].details, {});
    assert.deepEqual(Object.keys(scenario.perRound[0]).sort(), [
      "liquidatedUsd",
      "liquidations",
      "prices",
      "round",
      "unprofitable",
    ]);
    assert.equal(scenario.perRound.length, scenario.rounds);
  });

  it("filters by --scenario and rejects an unknown one", () => {
    const one = JSON.parse(
      cli("simulate", example("lending-pool.risk.json"), "--scenario", "ETH -35%", "--format", "json").out,
    );
    assert.deepEqual(
      one.scenarios.map((s: { name: string }) => s.name),
      ["ETH -35%"],
    );
    assert.equal(cli("simulate", example("lending-pool.risk.json"), "--scenario", "nope").code, 2);
  });

  it("refuses to simulate a file with errors (exit 1)", () => {
    const result = cli("simulate", example("broken.risk.json"));
    assert.equal(result.code, 1);
    assert.match(result.err, /broken\.risk\.json:\d+:\d+: error CL011/);
  });

  it("draws the curve with steps + 1 points and a critical shock", () => {
    const curve = JSON.parse(cli("curve", example("two-venues.risk.json"), "--format", "json").out);
    assert.equal(curve.asset, "WETH");
    assert.equal(curve.points.length, 61);
    assert.equal(curve.points[0].drawdown, 0);
    assert.ok(curve.criticalShock === null || (curve.criticalShock > 0 && curve.criticalShock <= 0.6));
    const csv = cli("curve", example("two-venues.risk.json"), "--format", "csv").out.trim().split("\n");
    assert.equal(csv[0], "drawdown,staticUsd,finalDrawdown,liquidatedUsd,badDebtUsd,uncoveredUsd");
    assert.equal(csv.length, 62);
    // The text report: the shock and the final move, both as signed moves of the price.
    const text = cli("curve", example("two-venues.risk.json")).out.trim().split("\n");
    assert.match(text[2], /^\s+0\.0 %\s+0\.0 %/);
    const last = curve.points[60];
    assert.ok(last.finalDrawdown < 0);
    assert.match(
      text[62],
      new RegExp(`^\\s+-60\\.0 %\\s+${(last.finalDrawdown * 100).toFixed(1).replace(".", "\\.")} %`),
    );
  });

  it("sweeps a parameter: each point equals simulate on the file with that value", () => {
    const sweep = JSON.parse(
      cli(
        "sweep",
        example("lending-pool.risk.json"),
        "--param",
        "venues.Core.closeFactor",
        "--from",
        "0.25",
        "--to",
        "0.75",
        "--steps",
        "2",
        "--format",
        "json",
      ).out,
    );
    assert.deepEqual(
      sweep.points.map((p: { value: number }) => p.value),
      [0.25, 0.5, 0.75],
    );
    // The middle value is the file's own: it must equal a plain simulate.
    const plain = JSON.parse(cli("simulate", example("lending-pool.risk.json"), "--format", "json").out);
    const middle = sweep.points[1].scenarios;
    plain.scenarios.forEach(
      (
        s: {
          name: string;
          venues: { badDebtUsd: number; uncoveredUsd: number }[];
          amplification: Record<string, number>;
        },
        i: number,
      ) => {
        assert.equal(middle[i].name, s.name);
        assert.equal(
          middle[i].badDebtUsd,
          s.venues.reduce((sum, v) => sum + v.badDebtUsd, 0),
        );
        assert.equal(
          middle[i].uncoveredUsd,
          s.venues.reduce((sum, v) => sum + v.uncoveredUsd, 0),
        );
        assert.deepEqual(middle[i].amplification, s.amplification);
        // The sweep's JSON keeps its fixed shape: stuck debt is the panel's and the text report's.
        assert.deepEqual(Object.keys(middle[i]), ["name", "badDebtUsd", "uncoveredUsd", "amplification"]);
      },
    );
    assert.equal(
      cli(
        "sweep",
        example("lending-pool.risk.json"),
        "--param",
        "venues.Nope.closeFactor",
        "--from",
        "0",
        "--to",
        "1",
        "--steps",
        "2",
      ).code,
      2,
    );
  });

  it("sweeps a field the file leaves to its default, and refuses a mistyped field or too many steps (exit 2)", () => {
    const dir = temporaryDirectory("cl-");
    const file = path.join(dir, "defaults.risk.json");
    fs.writeFileSync(
      file,
      JSON.stringify(
        riskFile({
          venues: [lendingVenue({ positions: [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 7000 } }] })],
          scenarios: [{ name: "-30%", shocks: { WETH: -0.3 } }],
        }),
      ),
    );
    const sweep = (param: string, steps = "2") =>
      cli("sweep", file, "--param", param, "--from", "0.25", "--to", "0.75", "--steps", steps, "--format", "json");
    const defaulted = sweep("venues.Pool.closeFactor");
    assert.equal(defaulted.code, 0);
    assert.deepEqual(
      JSON.parse(defaulted.out).points.map((p: { error?: string }) => p.error),
      [undefined, undefined, undefined],
    );
    // Before: every point a CL002 and exit 0, which a CI job would have taken for a sweep.
    const typo = sweep("venues.Pool.closeFactr");
    assert.equal(typo.code, 2);
    assert.match(typo.err, /--param venues\.Pool\.closeFactr: "closeFactr" is not a field of venues\.Pool$/m);
    // Before: a billion steps filled the heap and aborted.
    const tooMany = sweep("venues.Pool.closeFactor", "1e9");
    assert.equal(tooMany.code, 2);
    assert.match(tooMany.err, /--steps must be at most 10,000/);
    fs.rmSync(dir, { recursive: true });
  });

  it("reads a CSV book relative to the risk file and never changes the files it reads", () => {
    const dir = temporaryDirectory("cl-");
    const riskPath = path.join(dir, "book.risk.json");
    const riskText = JSON.stringify({
      version: 1,
      name: "csv",
      assets: { WETH: { price: 1000 }, USDC: { price: 1 } },
      venues: [
        {
          name: "Pool",
          kind: "lending",
          markets: {
            WETH: { ltv: 0.7, liquidationThreshold: 0.8, liquidationBonus: 0.05 },
            USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
          },
          positions: { file: "book.csv" },
        },
      ],
      scenarios: [{ name: "down", shocks: { WETH: -0.2 } }],
    });
    const csvText = "id,collateral.WETH,debt.USDC\na,10,7000\nb,10,1000\n";
    fs.writeFileSync(riskPath, riskText);
    fs.writeFileSync(path.join(dir, "book.csv"), csvText);
    const result = JSON.parse(cli("simulate", riskPath, "--format", "json").out);
    // a: HF = 8*800/7000 = 0.914 < 0.95 (default full-liquidation HF): repaid whole, once. b: HF 6.4.
    assert.equal(result.scenarios[0].venues[0].liquidations, 1);
    assert.equal(fs.readFileSync(riskPath, "utf8"), riskText);
    assert.equal(fs.readFileSync(path.join(dir, "book.csv"), "utf8"), csvText);
  });
});

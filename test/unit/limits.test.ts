/**
 * Per-run limits and CSV faults: a file over a limit gets a located error naming the
 * setting, a huge or vanished book is refused without being read, and nothing crashes.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import { csvText } from "../../src/parse/csvBook";
import { run } from "../../src/cli/main";
import { validateRiskText } from "../../src/rules/validate";
import { UNLIMITED } from "../../src/rules/runLimits";
import { lendingVenue, perpsVenue, riskFile, temporaryDirectory } from "./support";

const position = (id: string) => ({ id, collateral: { WETH: 1 }, debt: { USDC: 100 } });
const twoVenues = JSON.stringify(
  riskFile({
    venues: [
      lendingVenue({ positions: [position("a"), position("b"), position("c")] }),
      perpsVenue({ positions: [{ id: "p", market: "ETH-PERP", size: 1, entryPrice: 1000, margin: 200 }] }),
    ],
    simulation: { maxRounds: 500 },
  }),
  null,
  2,
);
const lineOf = (text: string, search: string) => text.slice(0, text.indexOf(search)).split("\n").length - 1;

function tempDir(): string {
  return temporaryDirectory("cascade-lens-limits-");
}

describe("run limits", () => {
  it("refuses more positions than maxPositions, on the largest book, naming the setting", () => {
    const validation = validateRiskText(twoVenues, undefined, { ...UNLIMITED, maxPositions: 3 });
    const problem = validation.problems.find((p) => /positions, above the limit/.test(p.message));
    assert.ok(problem, JSON.stringify(validation.problems));
    assert.equal(problem.severity, "error");
    assert.match(
      problem.message,
      /holds 4 positions, above the limit of 3 per run \(setting cascadeLens\.limits\.maxPositions, CLI option --max-positions\)/,
    );
    // The lending venue's "positions" key (the larger book).
    assert.equal(problem.range.start.line, lineOf(twoVenues, '"positions": [\n        {\n          "id": "a"'));
    assert.equal(validation.resolved, undefined, "a file over a limit is not simulated");
    assert.ok(validateRiskText(twoVenues, undefined, { ...UNLIMITED, maxPositions: 4 }).resolved);
  });

  it("refuses synthetic books over a limit by their declared counts, before generating them", () => {
    const synthetic = (count: number, seed = 1) =>
      lendingVenue({ positions: { synthetic: { seed, count, collateral: "WETH", debt: "USDC" } } });
    // 5 million declared, a limit of 1,000: refused at once (generating them would take seconds).
    const one = JSON.stringify(riskFile({ venues: [synthetic(5_000_000)] }), null, 2);
    const limited = validateRiskText(one, undefined, { ...UNLIMITED, maxPositions: 1000 });
    const problem = limited.problems.find((p) => /positions, above the limit/.test(p.message));
    assert.ok(
      problem && /holds 5,000,000 positions, above the limit of 1,000/.test(problem.message),
      JSON.stringify(limited.problems),
    );
    assert.equal(problem.range.start.line, lineOf(one, '"positions"'));
    // Over all venues, a file may generate 10 million positions, whatever the limits (the CLI has none by default).
    const three = JSON.stringify(
      riskFile({
        venues: [synthetic(4_000_000), synthetic(5_000_000, 2), synthetic(2_000_000, 3)].map((venue, i) => ({
          ...venue,
          name: `V${i}`,
        })),
      }),
      null,
      2,
    );
    const tooMany = validateRiskText(three);
    const cap = tooMany.problems.find((p) => /synthetic books ask for/.test(p.message));
    assert.ok(cap, JSON.stringify(tooMany.problems));
    assert.match(cap.message, /ask for 11,000,000 positions in all, above the 10,000,000 a file may generate/);
    assert.equal(cap.severity, "error");
    assert.equal(
      three.split("\n")[cap.range.start.line].slice(cap.range.start.character, cap.range.end.character),
      "5000000",
      "on the largest count",
    );
    assert.equal(tooMany.resolved, undefined);
  });

  it("generates a synthetic book once while what it depends on is unchanged (typing elsewhere reuses it)", () => {
    const file = (name: string, threshold = 0.83) =>
      JSON.stringify(
        riskFile({
          name,
          venues: [
            lendingVenue({
              markets: {
                WETH: { ltv: 0.8, liquidationThreshold: threshold, liquidationBonus: 0.05 },
                USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
              },
              positions: { synthetic: { seed: 7, count: 1000, collateral: "WETH", debt: "USDC" } },
            }),
          ],
        }),
      );
    const first = validateRiskText(file("a")).resolved!.books[0];
    assert.equal(validateRiskText(file("b")).resolved!.books[0], first, "the same book object");
    const other = validateRiskText(file("a", 0.85)).resolved!.books[0];
    assert.notEqual(other, first, "a new threshold generates a new book");
    assert.equal(other.ids.length, 1000);
  });

  it("refuses a maxRounds above the limit, on maxRounds", () => {
    const validation = validateRiskText(twoVenues, undefined, { ...UNLIMITED, maxRounds: 100 });
    const problem = validation.problems.find((p) => /rounds per scenario/.test(p.message))!;
    assert.match(problem.message, /maxRounds 500 is above the limit of 100 rounds per scenario/);
    assert.equal(problem.range.start.line, lineOf(twoVenues, '"maxRounds": 500'));
    assert.equal(
      twoVenues.split("\n")[problem.range.start.line].slice(problem.range.start.character, problem.range.end.character),
      "500",
    );
  });

  it("the CLI applies --max-positions, --max-rounds and --max-book-mb only when asked", () => {
    const dir = tempDir();
    const file = path.join(dir, "two.risk.json");
    fs.writeFileSync(file, twoVenues);
    const cli = (...argv: string[]) => {
      let err = "";
      const code = run(argv, { out: () => undefined, err: (t) => (err += t + "\n") });
      return { code, err };
    };
    assert.equal(cli("simulate", file).code, 0);
    const limited = cli("simulate", file, "--max-positions", "2");
    assert.equal(limited.code, 1);
    assert.match(limited.err, /two\.risk\.json:\d+:\d+: error CL002 The file holds 4 positions/);
    assert.equal(cli("validate", file, "--max-rounds", "10").code, 1);
    assert.equal(cli("validate", file, "--max-rounds", "ten").code, 2);
    fs.rmSync(dir, { recursive: true });
  });

  it("the CLI stops a run past --max-seconds with exit 2, between rounds, curve points or sweep values", () => {
    const dir = tempDir();
    const file = path.join(dir, "big.risk.json");
    const synthetic = { synthetic: { seed: 1, count: 50_000, collateral: "WETH", debt: "USDC" } };
    fs.writeFileSync(
      file,
      JSON.stringify(
        riskFile({
          venues: [lendingVenue({ positions: synthetic })],
          scenarios: [{ name: "s", shocks: { WETH: -0.4 } }],
        }),
      ),
    );
    const cli = (...argv: string[]) => {
      let err = "";
      const code = run(argv, { out: () => undefined, err: (t) => (err += t + "\n") });
      return { code, err };
    };
    for (const command of [
      ["curve"],
      ["simulate"],
      [
        "sweep",
        "--param",
        "venues.Pool.markets.WETH.liquidationBonus",
        "--from",
        "0.01",
        "--to",
        "0.1",
        "--steps",
        "20",
      ],
    ]) {
      const stopped = cli(command[0], file, ...command.slice(1), "--max-seconds", "0.000001");
      assert.equal(stopped.code, 2, `${command[0]}: ${stopped.err}`);
      assert.match(stopped.err, /stopped after 0\.000001 s, the --max-seconds limit/);
    }
    assert.equal(cli("curve", file, "--max-seconds", "600").code, 0);
    assert.equal(cli("curve", file, "--max-seconds", "0").code, 2);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("CSV books on disk", () => {
  it("refuses a 2 GB book by its size, without reading it", () => {
    const dir = tempDir();
    const book = path.join(dir, "huge.csv");
    // Sparse: 2 GiB on paper, no blocks on disk; reading it would take seconds and fail.
    fs.writeFileSync(book, "");
    fs.truncateSync(book, 2 * 1024 ** 3);
    const read = fileBookReader(path.join(dir, "x.risk.json"))("huge.csv");
    assert.ok("error" in read);
    assert.match(
      read.error,
      /the file is 2048 MiB, above the 400 MiB limit for position books \(setting cascadeLens\.limits\.maxBookMb, CLI option --max-book-mb\); it was not read/,
    );
    fs.writeFileSync(path.join(dir, "small.csv"), "id,collateral.WETH,debt.USDC\n" + "a,1,100\n".repeat(300));
    const small = fileBookReader(path.join(dir, "x.risk.json"), 1024)("small.csv");
    assert.ok("error" in small);
    assert.match(small.error, /the file is 3 KiB, above the 1 KiB limit/);
    fs.rmSync(dir, { recursive: true });
  });

  // Reading a pipe waits for a writer, /dev/zero never ends: before the check, both hung.
  it(
    "refuses a pipe and a device as books, and a pipe as a risk file, without waiting on them",
    { skip: process.platform === "win32", timeout: 20_000 },
    () => {
      const dir = tempDir();
      execFileSync("mkfifo", [path.join(dir, "pipe.csv"), path.join(dir, "pipe.risk.json")]);
      const reader = fileBookReader(path.join(dir, "x.risk.json"));
      for (const book of ["pipe.csv", "/dev/zero"]) {
        const read = reader(book);
        assert.ok(
          "error" in read && /is not a regular file \(a pipe, device or socket\); it was not read/.test(read.error),
          JSON.stringify(read),
        );
      }
      let err = "";
      assert.equal(
        run(["validate", path.join(dir, "pipe.risk.json")], { out: () => {}, err: (text) => (err += text) }),
        2,
      );
      assert.match(err, /cannot read .*pipe\.risk\.json: .* is not a regular file/);
      fs.rmSync(dir, { recursive: true });
    },
  );

  it(
    "stops reading a book past the limit even when its size said less (a file growing, or /proc)",
    { skip: process.platform !== "linux" },
    () => {
      // /proc files report size 0 whatever they hold: only the bound on the read itself stops them.
      const read = fileBookReader("/x.risk.json", 16)("/proc/self/status");
      assert.ok(
        "error" in read &&
          /the file grew past the 1 KiB limit for position books .* while it was read; reading stopped there/.test(
            read.error,
          ),
        JSON.stringify(read),
      );
      const whole = fileBookReader("/x.risk.json")("/proc/self/status");
      assert.ok("text" in whole || "ascii" in whole);
    },
  );

  it("reports a missing book, a directory and a book that changes between reads", () => {
    const dir = tempDir();
    const reader = fileBookReader(path.join(dir, "x.risk.json"));
    const missing = reader("gone.csv");
    assert.ok("error" in missing && /no such file/.test(missing.error));
    fs.mkdirSync(path.join(dir, "folder.csv"));
    const folder = reader("folder.csv");
    assert.ok("error" in folder && /EISDIR|directory/.test(folder.error), JSON.stringify(folder));
    // A run reads its book once; the next run sees the new content (size or mtime changed).
    const book = path.join(dir, "b.csv");
    fs.writeFileSync(book, "id,collateral.WETH,debt.USDC\na,1,100\n");
    const text = (read: ReturnType<typeof reader>) =>
      "error" in read ? read.error : csvText("text" in read ? read.text : read);
    assert.equal(text(reader("b.csv")), "id,collateral.WETH,debt.USDC\na,1,100\n");
    fs.writeFileSync(book, "id,collateral.WETH,debt.USDC\na,1,100\nb,2,200\n");
    assert.equal(text(reader("b.csv")), "id,collateral.WETH,debt.USDC\na,1,100\nb,2,200\n");
    // ASCII bytes are handed over undecoded; anything else as its text.
    assert.ok("ascii" in reader("b.csv"));
    fs.writeFileSync(book, "id,collateral.WETH,debt.USDC\né,1,100\n");
    assert.deepEqual(reader("b.csv"), { text: "id,collateral.WETH,debt.USDC\né,1,100\n" });
    fs.rmSync(book);
    assert.ok("error" in reader("b.csv"));
    fs.rmSync(dir, { recursive: true });
  });
});

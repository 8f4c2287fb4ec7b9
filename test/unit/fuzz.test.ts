/**
 * Bad input gets located problems or a result, never an exception, a hang, a NaN or a
 * range outside the document (fast-check).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compileResolved, curveOf } from "../../src/analysis/analyses";
import { bookDistribution } from "../../src/engine/bookDistribution";
import { distribution } from "../../src/engine/monteCarlo";
import { simulateScenario } from "../../src/engine/simulate";
import { SimulationError } from "../../src/engine/simulationError";
import type { Problem } from "../../src/model/problem";
import { parseLendingCsv, parsePerpsCsv } from "../../src/parse/csvBook";
import { NOT_PLAIN, parsePlainJson, parseWithVisitor } from "../../src/parse/jsonDocument";
import { validateRiskText } from "../../src/rules/validate";
import { run } from "../../src/cli/main";
import { lendingVenue, perpsVenue, resolve, riskFile, temporaryDirectory } from "./support";

const example = fs.readFileSync(path.resolve(__dirname, "../../../media/examples/lending-pool.risk.json"), "utf8");

function assertInside(text: string, problems: readonly Problem[]): void {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  for (const problem of problems) {
    if (problem.file) continue;
    for (const position of [problem.range.start, problem.range.end]) {
      assert.ok(
        position.line >= 0 && position.line < lines.length,
        `${problem.code} line ${position.line} of ${lines.length}`,
      );
      assert.ok(
        position.character >= 0 && position.character <= lines[position.line].length,
        `${problem.code} character ${position.character}`,
      );
    }
    assert.ok(problem.message.length > 0);
  }
}

describe("fuzzing the validator", () => {
  it("any JSON value: problems with ranges inside the document, no exception", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value, null, 2) ?? "";
        assertInside(text, validateRiskText(text).problems);
      }),
      { numRuns: 300 },
    );
  });

  it("an example with random characters deleted, inserted or replaced", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(example.length), fc.nat(5), fc.string({ maxLength: 4 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          let text = example;
          for (const [at, remove, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + remove);
          assertInside(text, validateRiskText(text).problems);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("byte-order marks, CRLF line ends, huge strings and deep nesting", () => {
    const crlf = "\uFEFF" + example.replace(/\n/g, "\r\n");
    assert.deepEqual(validateRiskText(crlf).problems, []);
    const huge = JSON.stringify({ version: 1, name: "x".repeat(2_000_000) });
    assertInside(huge, validateRiskText(huge).problems);
    const deep = "[".repeat(5000) + "]".repeat(5000);
    assertInside(deep, validateRiskText(deep).problems);
    const strings = example.replace('"price": 3000', '"price": "NaN"').replace('"price": 1,', '"price": "Infinity",');
    const problems = validateRiskText(strings).problems;
    assert.ok(problems.filter((p) => p.code === "CL002").length >= 2);
    assertInside(strings, problems);
  });
});

describe("the native fast path for plain JSON", () => {
  it("gives the visitor's value for any JSON text, or declines", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.constantFrom(0, 2, "\t"), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const fast = parsePlainJson(text);
        const slow = parseWithVisitor(text);
        assert.deepEqual(slow.errors, []);
        // A "__proto__" key is left to the visitor, which locates it for its error.
        if (slow.reservedKeys.length > 0) return assert.equal(fast, NOT_PLAIN);
        assert.notEqual(fast, NOT_PLAIN, "plain JSON takes the fast path");
        assert.deepStrictEqual(fast, slow.value);
      }),
      { numRuns: 500 },
    );
  });

  it("declines texts with duplicate keys, comments or trailing commas, and very deep values", () => {
    for (const text of [
      '{"a": 1, "a": 2}',
      '{"a": {"b": 1, "b": 1}}',
      '{"x\\"": 1, "x\\"": 2}',
      '{ // note\n "a": 1 }',
      '{"a": [1, 2,], }',
      "[".repeat(300) + "]".repeat(300),
    ]) {
      assert.equal(parsePlainJson(text), NOT_PLAIN, text.slice(0, 40));
    }
    assert.deepStrictEqual(parsePlainJson('{"a\\"b": "c:\\"", "d": ":"}'), { 'a"b': 'c:"', d: ":" });
    // "__proto__" is left to the visitor, which locates it for its error (it is never the object's prototype).
    const proto = '{"__proto__": {"polluted": 1}}';
    assert.equal(parsePlainJson(proto), NOT_PLAIN);
    assert.equal(Object.getPrototypeOf(parseWithVisitor(proto).value), Object.prototype);
    assert.equal(parseWithVisitor(proto).reservedKeys.length, 1);
    assert.deepEqual(
      validateRiskText('{"version": 1, "version": 1}').problems.map((p) => p.code),
      ["CL002"],
    );
  });
});

const extreme = fc.constantFrom(0, 1e-300, 5e-324, 1e-9, 1, 1e9, 1e150, 1e300, 1.7e308);
const positive = fc.constantFrom(1e-300, 5e-324, 1e-9, 1, 1e9, 1e150, 1e300, 1.7e308);

describe("fuzzing the simulator with extreme numbers", () => {
  it("ends with finite results or a located SimulationError", () => {
    fc.assert(
      fc.property(
        positive,
        positive,
        extreme,
        extreme,
        extreme,
        fc.double({ min: -0.99, max: 5, noNaN: true }),
        (price, depth, collateral, debt, size, shock) => {
          const file = riskFile({
            assets: {
              WETH: { price, liquidity: { model: "sqrt", depthUsd: depth } },
              USDC: { price: 1, liquidity: { model: "amm", reserveUsd: depth } },
            },
            venues: [
              lendingVenue({ positions: [{ id: "a", collateral: { WETH: collateral }, debt: { USDC: debt } }] }),
              perpsVenue({
                positions: [{ id: "p", market: "ETH-PERP", size: -size, entryPrice: price, margin: collateral }],
              }),
            ],
          });
          const validation = validateRiskText(JSON.stringify(file));
          if (!validation.resolved) return;
          try {
            const result = simulateScenario(compileResolved(validation.resolved), "s", { WETH: shock });
            const numbers = [
              result.liquidatedUsd,
              ...Object.values(result.finalPrices),
              ...Object.values(result.drawdown),
              ...Object.values(result.amplification),
              ...result.venues.flatMap((v) => [v.badDebtUsd, v.coveredUsd, v.uncoveredUsd, v.stuckDebtUsd]),
              ...result.perRound.flatMap((r) => [r.liquidatedUsd, ...Object.values(r.prices)]),
            ];
            for (const n of numbers)
              assert.ok(Number.isFinite(n), `non-finite ${n} in ${JSON.stringify(result).slice(0, 300)}`);
          } catch (error) {
            if (!(error instanceof SimulationError)) throw error;
            assert.ok(error.path.length > 0 && error.message.length > 0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("sums of finite figures that overflow", () => {
  it("the curve and the totals end in a located error, never an Infinity or a null in the JSON", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(1e6, 1e7, 1e8),
        fc.constantFrom(1e306, 5e307, 1.5e308),
        (count, weth, usdc) => {
          const positions = Array.from({ length: count }, (_, i) => ({
            id: `p${i}`,
            collateral: { WETH: weth },
            debt: { USDC: usdc },
          }));
          const file = riskFile({
            assets: { WETH: { price: 1e300, liquidity: { model: "sqrt", depthUsd: 1e308 } }, USDC: { price: 1 } },
            venues: [lendingVenue({ positions })],
            scenarios: [{ name: "s", shocks: { WETH: -0.3 } }],
            simulation: { curve: { steps: 10 } },
          });
          const validation = validateRiskText(JSON.stringify(file));
          if (!validation.resolved) return;
          try {
            const curve = curveOf(validation.resolved, "WETH");
            for (const point of curve.points)
              for (const n of Object.values(point)) assert.ok(Number.isFinite(n), JSON.stringify(point));
          } catch (error) {
            if (!(error instanceof SimulationError)) throw error;
            assert.equal(error.path[0], "venues", "located on the venues (or one of them)");
            assert.match(error.message, /overflow/);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the book's chart bins end in a located error when their sums overflow", () => {
    const positions = Array.from({ length: 4 }, (_, i) => ({
      id: `p${i}`,
      collateral: { WETH: 1e8 },
      debt: { USDC: 5e307 },
    }));
    const file = riskFile({
      assets: { WETH: { price: 1e300 }, USDC: { price: 1 } },
      venues: [lendingVenue({ positions })],
    });
    const model = compileResolved(validateRiskText(JSON.stringify(file)).resolved!);
    assert.throws(
      () => bookDistribution(model),
      (error) => error instanceof SimulationError && error.path[0] === "venues" && /overflows/.test(error.message),
    );
  });

  it("the stress test's mean of finite bad debts stays finite", () => {
    assert.equal(distribution([1.5e308, 1.5e308, 1.5e308]).mean, 1.5e308);
    assert.equal(distribution([1, 2, 3]).mean, 2);
  });
});

describe("fuzzing valid-shaped files with wrong values", () => {
  const wrong = fc.constantFrom<unknown>(
    -1,
    -1e308,
    0,
    5e-324,
    1e308,
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    null,
    true,
    [],
    {},
  );
  it("negative amounts, numbers written as strings, empty books: located problems or a finite result", () => {
    fc.assert(
      fc.property(
        fc.oneof(extreme, wrong),
        fc.oneof(positive, wrong),
        fc.oneof(extreme, wrong),
        fc.boolean(),
        (amount, price, threshold, emptyBook) => {
          const file = riskFile({
            assets: { WETH: { price, liquidity: { model: "sqrt", depthUsd: 1e7 } }, USDC: { price: 1 } },
            venues: [
              lendingVenue({
                markets: {
                  WETH: { ltv: 0.5, liquidationThreshold: threshold, liquidationBonus: 0.05 },
                  USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
                },
                positions: emptyBook ? [] : [{ id: "a", collateral: { WETH: amount }, debt: { USDC: amount } }],
              }),
            ],
            scenarios: [{ name: "s", shocks: { WETH: -0.3 } }],
          });
          const text = JSON.stringify(file, null, 2);
          const validation = validateRiskText(text);
          assertInside(text, validation.problems);
          if (!validation.resolved) {
            assert.ok(validation.problems.some((p) => p.severity === "error"));
            return;
          }
          try {
            const result = simulateScenario(compileResolved(validation.resolved), "s", { WETH: -0.3 });
            for (const venue of result.venues)
              assert.ok(Number.isFinite(venue.badDebtUsd) && Number.isFinite(venue.uncoveredUsd));
          } catch (error) {
            if (!(error instanceof SimulationError)) throw error;
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("fuzzing CSV books", () => {
  // What fs.readFileSync(..., "utf8") makes of arbitrary bytes: invalid UTF-8 becomes U+FFFD.
  const csvText = (header: string, bytes: Uint8Array) =>
    Buffer.concat([Buffer.from(header), Buffer.from(bytes)]).toString("utf8");

  it("arbitrary bytes (invalid UTF-8 included) after a valid header: a book or problems on lines of the CSV", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, lending) => {
        const text = lending
          ? csvText("id,collateral.WETH,debt.USDC\n", bytes)
          : csvText("id,market,size,entryPrice,margin\n", bytes);
        const { book, problems } = lending
          ? parseLendingCsv(text, "b.csv", new Set(["WETH", "USDC"]))
          : parsePerpsCsv(text, "b.csv", new Set(["ETH-PERP"]));
        assert.ok(book !== undefined || problems.some((p) => p.severity === "error"));
        assertInside(
          text,
          problems.map((p) => ({ ...p, file: undefined })),
        );
        // A book with an error is never simulated (resolveBooks drops it); an error-free one holds only finite amounts.
        if (book?.kind === "lending" && problems.length === 0)
          for (const column of [...book.collateral, ...book.debt])
            for (const n of column) assert.ok(Number.isFinite(n) && n >= 0);
      }),
      { numRuns: 500 },
    );
  });

  it("an invalid UTF-8 byte in a number is a located error; in an id it is kept", () => {
    // "a,1\xff,1\n" then "b\xc3,1,1\n"
    const text = csvText(
      "id,collateral.WETH,debt.USDC\n",
      Buffer.from([0x61, 0x2c, 0x31, 0xff, 0x2c, 0x31, 0x0a, 0x62, 0xc3, 0x2c, 0x31, 0x2c, 0x31, 0x0a]),
    );
    const { book, problems } = parseLendingCsv(text, "b.csv", new Set(["WETH", "USDC"]));
    assert.deepEqual(
      problems.map(
        (p) => `${p.code}@${p.range.start.line}:${p.range.start.character}-${p.range.end.character} ${p.message}`,
      ),
      ['CL002@1:2-4 b.csv line 2: collateral.WETH must be a number >= 0 (is "1\ufffd").'],
    );
    assert.equal(book!.ids.at(1), "b\ufffd");
  });

  it("a lone CR ends a line, as in the editor", () => {
    const { book, problems } = parseLendingCsv(
      "id,collateral.WETH,debt.USDC\ra,1,100\r\nb,x,1\r",
      "b.csv",
      new Set(["WETH", "USDC"]),
    );
    assert.deepEqual(book!.ids, ["a", "b"]);
    assert.deepEqual(
      problems.map((p) => `${p.range.start.line}:${p.range.start.character}`),
      ["2:2"],
    );
  });
});

describe("a file with 10,000 assets", () => {
  it("validates and simulates to finite numbers", () => {
    const count = 10_000;
    const assets: Record<string, unknown> = { USDC: { price: 1 } };
    const markets: Record<string, unknown> = { USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 } };
    const positions = [];
    for (let i = 0; i < count; i++) {
      assets[`T${i}`] = {
        price: 1 + (i % 97),
        liquidity: { model: "sqrt", depthUsd: 1e6 + i },
        contagion: i > 0 ? { [`T${i - 1}`]: 0.1 } : undefined,
      };
      markets[`T${i}`] = { ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.05 };
      positions.push({ id: `p${i}`, collateral: { [`T${i}`]: 100 }, debt: { USDC: 70 * (1 + (i % 97)) } });
    }
    const file = riskFile({
      assets,
      venues: [lendingVenue({ markets, positions })],
      scenarios: [{ name: "all down", shocks: { T0: -0.3, T9999: -0.3 } }],
    });
    const validation = validateRiskText(JSON.stringify(file));
    assert.deepEqual(
      validation.problems.filter((p) => p.severity === "error"),
      [],
    );
    const result = simulateScenario(compileResolved(validation.resolved!), "all down", { T0: -0.3, T9999: -0.3 });
    assert.ok(result.rounds >= 1);
    assert.equal(Object.keys(result.finalPrices).length, count + 1);
    for (const n of Object.values(result.finalPrices)) assert.ok(Number.isFinite(n) && n > 0);
  });
});

/** Names an attacker would pick: Object.prototype's properties, array indices, "__proto__", astral and control characters. */
const hostileName = fc.oneof(
  fc.constantFrom(
    ...Object.getOwnPropertyNames(Object.prototype),
    "prototype",
    "0",
    "7",
    "4294967294",
    "-1",
    "1e3",
    "\u{1F600}",
    "\uFFFD",
  ),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "\n",
      "\r",
      "\u001b",
      "[",
      "2",
      "J",
      ":",
      "\u202e",
      "\u2028",
      "\t",
      "\u0000",
      "\u{1F600}",
    ),
    minLength: 1,
    maxLength: 8,
  }),
);

function cliRun(...argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = run(argv, { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
  return { code, out, err };
}

interface ScenarioJson {
  scenarios: {
    name: string;
    rounds: number;
    liquidatedUsd: number;
    finalPrices: Record<string, number>;
    drawdown: Record<string, number>;
    amplification: Record<string, number>;
    venues: { name: string }[];
    perRound: { liquidations: number; liquidatedUsd: number; unprofitable: number; prices: Record<string, number> }[];
  }[];
}

describe("fuzzing names", () => {
  const dir = temporaryDirectory("cascade-fuzz-names-");
  const file = (collateral: string, venue: string, scenario: string) =>
    riskFile({
      assets: { [collateral]: { price: 1000, liquidity: { model: "sqrt", depthUsd: 1e6 } }, USDC: { price: 1 } },
      venues: [
        lendingVenue({
          name: venue,
          markets: {
            [collateral]: { ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 },
            USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
          },
          positions: [
            { id: "a", collateral: { [collateral]: 10 }, debt: { USDC: 7000 } },
            { id: "b", collateral: { [collateral]: 100 }, debt: { USDC: 75000 } },
          ],
        }),
      ],
      scenarios: [{ name: scenario, shocks: { [collateral]: -0.2 } }],
    });
  const reference = (() => {
    const target = path.join(dir, "reference.risk.json");
    fs.writeFileSync(target, JSON.stringify(file("WETH", "Pool", "s")));
    return JSON.parse(cliRun("simulate", target, "--format", "json").out) as ScenarioJson;
  })();
  /** The figures of a result, with the collateral asset's name taken out of every key. */
  const normalised = (json: ScenarioJson, asset: string) =>
    json.scenarios.map((s) => ({
      rounds: s.rounds,
      liquidatedUsd: s.liquidatedUsd,
      price: [s.finalPrices[asset], s.drawdown[asset], s.amplification[asset], s.finalPrices.USDC],
      venues: s.venues.map((v) => ({ ...v, name: "" })),
      perRound: s.perRound.map((r) => [r.liquidations, r.liquidatedUsd, r.unprofitable, r.prices[asset]]),
    }));

  it("any name as asset, venue and scenario: the reference's numbers under that name, or a located CL002 for __proto__; text output stays one line per line", () => {
    fc.assert(
      fc.property(hostileName, hostileName, hostileName, (asset, venue, scenario) => {
        fc.pre(asset !== "USDC");
        const target = path.join(dir, "hostile.risk.json");
        fs.writeFileSync(target, JSON.stringify(file(asset, venue, scenario)));
        const validated = cliRun("validate", target);
        if (asset === "__proto__") {
          assert.equal(validated.code, 1);
          assert.match(validated.out, /"__proto__" cannot be used as a name/);
          return;
        }
        const json = JSON.parse(cliRun("simulate", target, "--format", "json").out) as ScenarioJson;
        assert.equal(json.scenarios[0].name, scenario);
        assert.equal(json.scenarios[0].venues[0].name, venue);
        assert.deepEqual(normalised(json, asset), normalised(reference, "WETH"));
        for (const text of [validated.out, cliRun("simulate", target).out, cliRun("curve", target).out]) {
          for (const line of text.split("\n"))
            assert.ok(
              // eslint-disable-next-line no-control-regex
              !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/.test(line),
              JSON.stringify(line),
            );
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("fuzzing floods", () => {
  it("repeated broken tokens: at most 101 syntax problems however long the file", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("{", ",", "[", ":", "{,", "[,]", '"a":', "}", "]", "/*"),
        fc.integer({ min: 1, max: 200_000 }),
        (token, times) => {
          const problems = validateRiskText(token.repeat(times)).problems;
          assert.ok(problems.length <= 101, `${problems.length} problems`);
          assert.ok(problems.length > 0);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("fuzzing many assets over many rounds", () => {
  it("per-round prices stay within the run's budget: results, or the located maxRounds error", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        (extraAssets, budgetRounds, positions) => {
          const assets: Record<string, unknown> = {
            WETH: { price: 1000, liquidity: { model: "sqrt", depthUsd: 1e8 } },
            USDC: { price: 1 },
          };
          for (let i = 0; i < extraAssets; i++) assets[`X${i}`] = { price: 1 };
          const book = Array.from({ length: positions }, (_, i) => ({
            id: `p${i}`,
            collateral: { WETH: 10 },
            debt: { USDC: 7000 + i * 20 },
          }));
          const model = compileResolved(
            resolve(
              riskFile({
                assets,
                venues: [lendingVenue({ closeFactor: 0.01, positions: book })],
                simulation: { maxRounds: 10000 },
              }),
            ),
          );
          const budget = { remaining: budgetRounds * (extraAssets + 2) };
          try {
            const result = simulateScenario(model, "s", { WETH: -0.4 }, { roundPriceBudget: budget });
            assert.ok(result.rounds <= budgetRounds);
            assert.ok(Object.values(result.finalPrices).every(Number.isFinite));
          } catch (error) {
            assert.ok(
              error instanceof SimulationError && error.path.join(".") === "simulation.maxRounds",
              String(error),
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

/**
 * Names are data: an asset, market, venue or scenario called like a property every
 * JavaScript object has ("constructor", "toString"), like an array index ("7"), or
 * "__proto__" must give the numbers the same file gives under ordinary names, or a
 * located error; never a dropped position, NaN or a false error.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "jsonc-parser";
import { curveAssetOf } from "../../src/analysis/analyses";
import { run } from "../../src/cli/main";
import { compareNames } from "../../src/model/names";
import { validateRiskText } from "../../src/rules/validate";
import { lendingVenue, riskFile, simulate, type Json, temporaryDirectory } from "./support";

const examples = path.resolve(__dirname, "../../../media/examples");
const tmp = temporaryDirectory("cascade-names-");

function cliJson(file: string, ...argv: string[]): unknown {
  let out = "";
  let err = "";
  const code = run([...argv.slice(0, 1), file, ...argv.slice(1), "--format", "json"], {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  assert.equal(code, 0, err);
  return JSON.parse(out);
}

/** Properties of Object.prototype, sorted by code point, so a renaming keeps the name order (and every tie-break). */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype)
  .filter((n) => n !== "__proto__")
  .sort(compareNames);

/** Renames every name of a risk file, keeping the order of the sorted names. */
class Renamer {
  readonly map = new Map<string, string>();
  constructor(names: Iterable<string>, replacements: readonly string[]) {
    [...new Set(names)].sort(compareNames).forEach((name, i) => this.map.set(name, replacements[i]));
  }
  name = (name: string): string => this.map.get(name) ?? name;
  keys = <T>(record: Record<string, T>, value: (v: T) => T = (v) => v): Record<string, T> =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [this.name(k), value(v)]));
  /** Renames the keys of a result (JSON) wherever they are names: finalPrices, drawdown, ... */
  deep = (value: unknown, nameKeys = false): unknown => {
    if (Array.isArray(value)) return value.map((item) => this.deep(item, nameKeys));
    if (value === null || typeof value !== "object") return typeof value === "string" ? this.name(value) : value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        nameKeys ? this.name(k) : k,
        this.deep(v, ["finalPrices", "drawdown", "amplification", "prices"].includes(k)),
      ]),
    );
  };
}

function renameFile(file: Json, assets: Renamer, others: Renamer): Json {
  const copy = structuredClone(file) as Json & {
    assets: Record<string, Json>;
    venues: Json[];
    scenarios: Json[];
    simulation?: Json;
    correlations?: Record<string, Record<string, number>>;
  };
  copy.assets = assets.keys(copy.assets, (asset) => ({
    ...asset,
    ...(asset.contagion ? { contagion: assets.keys(asset.contagion as Record<string, number>) } : {}),
  }));
  if (copy.correlations) copy.correlations = assets.keys(copy.correlations, (row) => assets.keys(row));
  copy.venues = copy.venues.map((venue) => {
    const renamed: Json = { ...venue, name: others.name(venue.name as string) };
    const positions = venue.positions as Json[] | { synthetic: Json };
    if (venue.kind === "lending") {
      renamed.markets = assets.keys(venue.markets as Record<string, Json>);
      renamed.positions = Array.isArray(positions)
        ? positions.map((p) => ({
            ...p,
            collateral: assets.keys(p.collateral as Record<string, number>),
            debt: assets.keys(p.debt as Record<string, number>),
          }))
        : {
            synthetic: {
              ...positions.synthetic,
              collateral: assets.name(positions.synthetic.collateral as string),
              debt: assets.name(positions.synthetic.debt as string),
            },
          };
    } else {
      renamed.markets = others.keys(venue.markets as Record<string, Json>, (m) => ({
        ...m,
        asset: assets.name(m.asset as string),
      }));
      renamed.positions = Array.isArray(positions)
        ? positions.map((p) => ({ ...p, market: others.name(p.market as string) }))
        : { synthetic: { ...positions.synthetic, market: others.name(positions.synthetic.market as string) } };
    }
    return renamed;
  });
  copy.scenarios = copy.scenarios.map((s) => ({
    ...s,
    name: others.name(s.name as string),
    shocks: assets.keys(s.shocks as Record<string, number>),
  }));
  const curve = (copy.simulation as { curve?: Json } | undefined)?.curve;
  if (curve?.asset) curve.asset = assets.name(curve.asset as string);
  return copy;
}

describe("names that JavaScript objects already have", () => {
  for (const example of ["lending-pool", "perps-venue", "two-venues"]) {
    it(`${example}: every asset, market, venue and scenario renamed to Object.prototype's properties gives the same numbers`, () => {
      const original = parse(fs.readFileSync(path.join(examples, `${example}.risk.json`), "utf8")) as Json & {
        assets: object;
        venues: Json[];
        scenarios: Json[];
      };
      delete original.$schema;
      const assets = new Renamer(Object.keys(original.assets), PROTOTYPE_NAMES);
      const otherNames = [
        ...original.venues.map((v) => v.name as string),
        ...original.venues.flatMap((v) => (v.kind === "perps" ? Object.keys(v.markets as object) : [])),
        ...original.scenarios.map((s) => s.name as string),
      ];
      const others = new Renamer(otherNames, [...PROTOTYPE_NAMES].reverse());
      const plainFile = path.join(tmp, `${example}.risk.json`);
      const hostileFile = path.join(tmp, `${example}-hostile.risk.json`);
      fs.writeFileSync(plainFile, JSON.stringify(original));
      fs.writeFileSync(hostileFile, JSON.stringify(renameFile(original, assets, others)));
      for (const command of [["validate"], ["simulate"], ["curve"]]) {
        const expected = cliJson(plainFile, ...command) as Json;
        const actual = cliJson(hostileFile, ...command) as Json;
        if (command[0] === "validate") {
          assert.deepEqual((actual as unknown as unknown[]).length, (expected as unknown as unknown[]).length);
          continue;
        }
        delete expected.file;
        delete actual.file;
        const renamedExpected = assets.deep(others.deep(expected));
        assert.deepEqual(actual, renamedExpected, `${command[0]} of ${example}`);
      }
    });
  }

  it("a curve of an asset named like a prototype property that the file lacks is a usage error, not NaN", () => {
    const file = path.join(tmp, "lending-pool.risk.json");
    let err = "";
    assert.equal(run(["curve", file, "--asset", "constructor"], { out: () => {}, err: (t) => (err += t) }), 2);
    assert.match(err, /unknown asset "constructor"/);
  });

  it("a position asset named like a prototype property without a market is CL003, not a silently ignored amount", () => {
    const text = JSON.stringify(
      riskFile({
        venues: [lendingVenue({ positions: [{ id: "a", collateral: { WETH: 1 }, debt: { toString: 100 } }] })],
      }),
    );
    const problems = validateRiskText(text).problems;
    assert.ok(
      problems.some((p) => p.code === "CL003" && /toString/.test(p.message)),
      JSON.stringify(problems),
    );
  });
});

describe('"__proto__" as a name', () => {
  const positions = [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 9000 } }];
  const cases: [string, Json][] = [
    [
      "an asset",
      riskFile({
        assets: { WETH: { price: 1000 }, USDC: { price: 1 }, ["__proto__"]: { price: 1 } },
        venues: [lendingVenue({ positions })],
      }),
    ],
    [
      "a debt key",
      riskFile({
        venues: [lendingVenue({ positions: [{ id: "a", collateral: { WETH: 10 }, debt: { ["__proto__"]: 9000 } }] })],
      }),
    ],
    [
      "a collateral key",
      riskFile({
        venues: [lendingVenue({ positions: [{ id: "a", collateral: { ["__proto__"]: 10 }, debt: { USDC: 9000 } }] })],
      }),
    ],
    [
      "a shock",
      riskFile({ venues: [lendingVenue({ positions })], scenarios: [{ name: "s", shocks: { ["__proto__"]: -0.5 } }] }),
    ],
  ];
  for (const [what, file] of cases) {
    it(`as ${what}: a located CL002 on the key, never a dropped entry`, () => {
      // A computed ["__proto__"] key is an own property, so JSON.stringify writes it as an attacker's file holds it.
      const text = JSON.stringify(file, null, 1);
      assert.ok(text.includes('"__proto__"'));
      const { problems, resolved } = validateRiskText(text);
      assert.equal(resolved, undefined);
      const proto = problems.filter((p) => p.code === "CL002" && p.message.includes("__proto__"));
      assert.equal(proto.length, 1, JSON.stringify(problems));
      const line = text.split("\n")[proto[0].range.start.line];
      assert.equal(line.slice(proto[0].range.start.character, proto[0].range.end.character), "__proto__");
    });
  }

  it("in a file with comments (the slower reader) too", () => {
    const text = `// a comment\n{ "version": 1, "name": "x", "assets": { "__proto__": { "price": 1 } }, "venues": [] }`;
    assert.ok(
      validateRiskText(text).problems.some(
        (p) => p.code === "CL002" && p.message.includes("__proto__") && p.range.start.line === 1,
      ),
    );
  });
});

describe("names and order", () => {
  it("compares names by Unicode code point, not UTF-16 code unit", () => {
    assert.ok(compareNames("\uFFFD", "\u{1F600}") < 0);
    assert.ok("\uFFFD" > "\u{1F600}", "(UTF-16 code units order them the other way)");
    assert.ok(compareNames("a", "ab") < 0 && compareNames("b", "ab") > 0 && compareNames("x", "x") === 0);
  });

  it("a tie between collateral assets of equal value seizes the lower code point", () => {
    const high = "\u{10000}";
    const low = "\uFFFD";
    const market = { ltv: 0.5, liquidationThreshold: 0.6, liquidationBonus: 0.05 };
    const file = riskFile({
      assets: {
        [high]: { price: 1, liquidity: { model: "linear", depthUsd: 1e6 } },
        [low]: { price: 1, liquidity: { model: "linear", depthUsd: 1e6 } },
        USDC: { price: 1 },
      },
      venues: [
        lendingVenue({
          markets: { [high]: market, [low]: market, USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 } },
          positions: [{ id: "a", collateral: { [high]: 1000, [low]: 1000 }, debt: { USDC: 1500 } }],
        }),
      ],
    });
    // Round 1 seizes one of the two (round 2 the other, now the larger).
    const round1 = simulate(file, {}).perRound[0].prices;
    assert.ok(round1[low] < 1, "the lower code point was seized and sold");
    assert.equal(round1[high], 1);
  });

  it("names made of digits keep their file order where the SPEC reads it (the curve's default asset)", () => {
    // Written as text: a JavaScript object literal would itself put "7" first.
    const text = JSON.stringify(
      riskFile({
        assets: { WETH: { price: 1000 }, USDC: { price: 1 }, "7": { price: 5 } },
        venues: [lendingVenue({})],
        scenarios: [{ name: "s", shocks: "SHOCKS" }],
      }),
    ).replace('"SHOCKS"', '{ "WETH": -0.3, "7": -0.1 }');
    const validation = validateRiskText(text);
    assert.ok(validation.resolved);
    assert.equal(curveAssetOf(validation.resolved), "WETH");
    assert.equal(
      Object.keys(validation.resolved.file.scenarios[0].shocks)[0],
      "7",
      "(an object lists the digit name first)",
    );
  });
});

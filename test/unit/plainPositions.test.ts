/**
 * Plain inline positions checked by hand (src/rules/plainPositions.ts) give what zod gives:
 * the whole file parsed with them set aside equals riskFileSchema.safeParse of it, data
 * (key order included) or problems, on generated files whose positions come from JSON text
 * as a user's do, odd ones included.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { riskFileSchema } from "../../src/model/schema";
import { plainLendingPositions } from "../../src/rules/plainPositions";
import { parseRiskFile, validateRiskText } from "../../src/rules/validate";
import { lendingVenue, riskFile } from "./support";

/** JSON text of a number, including ones JSON.parse turns into -0 or Infinity. */
const numberText = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1e12, noNaN: true }).map((x) => JSON.stringify(x)) },
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom("-0", "0", "1e400", "-1e400", "1e-320", "12345678901234567890"),
);
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("WETH", "USDC", "WBTC") },
  fc.constantFrom("__proto__", "constructor", "7", "", "toString"),
);
const amountsText = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.tuple(key, numberText), { maxLength: 3 }).map(objectText) },
  fc.constantFrom("null", "[]", '"1"', "5", '{"WETH":"1"}', '{"WETH":null}', '{"WETH":[1]}'),
);
const idText = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 4 }).map((s) => JSON.stringify(s)) },
  numberText,
  fc.constantFrom('""', "null", "true", "[]", "{}"),
);
const positionText = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(
        fc.option(idText, { freq: 12 }),
        fc.option(amountsText, { freq: 3 }),
        fc.option(amountsText, { freq: 3 }),
        fc.option(fc.constantFrom('"note"', "1"), { freq: 15 }),
      )
      .map(([id, collateral, debt, extra]) =>
        objectText(
          [
            ["id", id],
            ["collateral", collateral],
            ["debt", debt],
            ["extra", extra],
          ].filter((entry): entry is [string, string] => entry[1] !== null),
        ),
      ),
  },
  fc.constantFrom("null", "[]", '"p"', "3"),
);

function objectText(entries: [string, string][]): string {
  return `{${entries.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(",")}}`;
}

/** A position as most files hold them. */
const cleanPositionText = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 4 }),
    fc.array(fc.tuple(fc.constantFrom("WETH", "WBTC"), numberText), { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom("USDC"), numberText), { maxLength: 1 }),
  )
  .map(([id, collateral, debt]) =>
    objectText([
      ["id", JSON.stringify(id)],
      ["collateral", objectText(collateral)],
      ["debt", objectText(debt)],
    ]),
  );
const positionsText = fc.oneof(
  fc.array(cleanPositionText, { maxLength: 6 }),
  fc.array(fc.oneof({ weight: 4, arbitrary: cleanPositionText }, positionText), { maxLength: 6 }),
);

/** A whole file: one or two lending venues with these positions, sometimes a broken field elsewhere. */
const file = fc
  .tuple(positionsText, fc.option(positionsText, { freq: 3 }), fc.boolean())
  .map(([first, second, broken]) => {
    const venue = (name: string, positions: string[]) =>
      `{"name":${JSON.stringify(name)},"kind":"lending","markets":{"WETH":{"ltv":0.8,"liquidationThreshold":0.83,"liquidationBonus":0.05}},"positions":[${positions.join(",")}]}`;
    const venues = [venue("A", first), ...(second ? [venue("B", second)] : [])];
    return JSON.parse(
      `{"version":1,"name":"f","assets":{"WETH":{"price":${broken ? -1 : 3000}}},"venues":[${venues.join(",")}],"scenarios":[{"name":"s","shocks":{"WETH":-0.2}}]}`,
    ) as unknown;
  });

describe("plain inline positions, checked by hand", () => {
  it("parse a file exactly as zod parses it: the same data in the same key order, or the same problems", () => {
    let setAside = 0;
    fc.assert(
      fc.property(file, (value) => {
        const fast = parseRiskFile(value);
        const plain = riskFileSchema.safeParse(value);
        assert.equal(fast.success, plain.success);
        if (fast.success && plain.success) {
          assert.deepStrictEqual(fast.data, plain.data);
          assert.equal(JSON.stringify(fast.data), JSON.stringify(plain.data));
        } else assert.deepStrictEqual(fast.error?.issues, plain.error?.issues);
        const venues = (value as { venues: { positions: unknown }[] }).venues;
        if (venues.some((venue) => (plainLendingPositions(venue.positions)?.length ?? 0) > 0)) setAside++;
      }),
      { numRuns: 3000 },
    );
    // Both were compared: files whose positions were set aside, and files zod read whole.
    assert.ok(setAside > 300 && setAside < 2700, `positions set aside in ${setAside} of 3000 files`);
  });

  it("leave to zod what it reads differently: a __proto__ amount, an extra key, an empty id, Infinity", () => {
    for (const text of [
      '[{"id":"a","collateral":{"__proto__":1}}]',
      '[{"id":"a","extra":1}]',
      '[{"id":""}]',
      '[{"id":"a","debt":{"USDC":1e400}}]',
      '[{"id":1e400}]',
      '[{"collateral":{}}]',
    ])
      assert.equal(plainLendingPositions(JSON.parse(text)), undefined, text);
    assert.deepStrictEqual(plainLendingPositions(JSON.parse('[{"debt":{"USDC":-0},"id":7}]')), [
      { id: "7", collateral: {}, debt: { USDC: -0 } },
    ]);
  });

  it("leave the rules' problems on set-aside positions as they were: an unknown asset, a repeated id", () => {
    const text = JSON.stringify(
      riskFile({
        venues: [
          lendingVenue({
            positions: [
              { id: "p1", collateral: { WETH: 1 }, debt: { USDC: 2600 } },
              { id: "p1", collateral: { DOGE: 1 }, debt: { USDC: 1 } },
            ],
          }),
        ],
      }),
    );
    const { problems } = validateRiskText(text);
    assert.deepEqual(problems.map((problem) => problem.code).sort(), ["CL003", "CL004", "CL030", "CL030"]);
    assert.match(problems.find((problem) => problem.code === "CL004")!.message, /Duplicate position id "p1"/);
    assert.match(problems.find((problem) => problem.code === "CL003")!.message, /"DOGE"/);
  });
});

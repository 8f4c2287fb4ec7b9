/** CSV position books: columns, empty cells, and located problems. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLendingCsv, parsePerpsCsv } from "../../src/parse/csvBook";

describe("CSV books", () => {
  it("reads a lending book with empty cells as 0, CRLF and a BOM", () => {
    const { book, problems } = parseLendingCsv("\ufeffid,collateral.WETH,debt.USDC\r\na,1.5,\r\n\"b,c\",2,300\r\n", "b.csv", new Set(["WETH", "USDC"]));
    assert.deepEqual(problems, []);
    assert.deepEqual(book!.ids, ["a", "b,c"]);
    assert.deepEqual([...book!.collateral[0]], [1.5, 2]);
    assert.deepEqual([...book!.debt[0]], [0, 300]);
    assert.deepEqual([...book!.sourceLines!], [1, 2]);
  });

  it("locates bad numbers, ragged rows, duplicate ids and unknown assets at their cells", () => {
    const { problems } = parseLendingCsv("id,collateral.WETH,debt.DOGE\na,x,1\nb,1\na,1,1\n", "b.csv", new Set(["WETH"]));
    const summary = problems.map((p) => `${p.code}@${p.range.start.line}:${p.range.start.character}-${p.range.end.character}`);
    assert.deepEqual(summary, ["CL003@0:19-28", "CL002@1:2-3", "CL002@2:0-1", "CL004@3:0-1"]);
    assert.ok(problems.every((p) => p.file === "b.csv"));
  });

  it("refuses a wrong header", () => {
    const { book, problems } = parsePerpsCsv("id,market,size\n", "p.csv", new Set());
    assert.equal(book, undefined);
    assert.match(problems[0].message, /header "id,market,size,entryPrice,margin"/);
  });

  it("reads a perps book", () => {
    const { book, problems } = parsePerpsCsv("id,market,size,entryPrice,margin\nt,ETH-PERP,-2.5,3000,900\n", "p.csv", new Set(["ETH-PERP"]));
    assert.deepEqual(problems, []);
    assert.equal(book!.size[0], -2.5);
    assert.equal(book!.markets[book!.marketOf[0]], "ETH-PERP");
  });
});

/** CSV position books: columns, empty cells, and located problems. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { lineCount, parseLendingCsv, parsePerpsCsv, plainDecimal, type CsvSource } from "../../src/parse/csvBook";

describe("CSV books", () => {
  it("reads a lending book with empty cells as 0, CRLF and a BOM", () => {
    const { book, problems } = parseLendingCsv(
      '\ufeffid,collateral.WETH,debt.USDC\r\na,1.5,\r\n"b,c",2,300\r\n',
      "b.csv",
      new Set(["WETH", "USDC"]),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(book!.ids, ["a", "b,c"]);
    assert.deepEqual([...book!.collateral[0]], [1.5, 2]);
    assert.deepEqual([...book!.debt[0]], [0, 300]);
    assert.deepEqual([...book!.sourceLines!], [1, 2]);
  });

  it("locates bad numbers, ragged rows, duplicate ids and unknown assets at their cells", () => {
    const { problems } = parseLendingCsv(
      "id,collateral.WETH,debt.DOGE\na,x,1\nb,1\na,1,1\n",
      "b.csv",
      new Set(["WETH"]),
    );
    const summary = problems.map(
      (p) => `${p.code}@${p.range.start.line}:${p.range.start.character}-${p.range.end.character}`,
    );
    assert.deepEqual(summary, ["CL003@0:19-28", "CL002@1:2-3", "CL002@2:0-1", "CL004@3:0-1"]);
    assert.ok(problems.every((p) => p.file === "b.csv"));
  });

  it("refuses a column that appears twice, at its second cell", () => {
    const { book, problems } = parseLendingCsv(
      "id,collateral.WETH,debt.USDC,collateral.WETH\na,1,2,3\n",
      "b.csv",
      new Set(["WETH", "USDC"]),
    );
    assert.equal(book, undefined);
    assert.deepEqual(
      problems.map((p) => `${p.code}@${p.range.start.line}:${p.range.start.character}-${p.range.end.character}`),
      ["CL002@0:29-44"],
    );
    assert.match(problems[0].message, /column "collateral\.WETH" appears twice \(also column 2\)/);
  });

  it("locates every bad cell on its own line and cell (a row is built once per line)", () => {
    // 30 asset columns, every data cell bad: the first 50 of 60 problems are kept, 30 on line 1 and 20 on line 2.
    const assets = Array.from({ length: 30 }, (_, i) => `A${i}`);
    const header = ["id", ...assets.map((a) => `collateral.${a}`)].join(",");
    const text = [header, ["a", ...assets.map(() => "x")].join(","), ["b", ...assets.map(() => "yy")].join(",")].join(
      "\n",
    );
    const { book, problems } = parseLendingCsv(text, "w.csv", new Set(assets));
    assert.equal(book!.ids.length, 2);
    assert.equal(problems.length, 51);
    assert.match(problems[50].message, /and 10 more problems/);
    const at = (n: number) =>
      `${problems[n].range.start.line}:${problems[n].range.start.character}-${problems[n].range.end.character}`;
    assert.deepEqual([at(0), at(1), at(29), at(30), at(31)], ["1:2-3", "1:4-5", "1:60-61", "2:2-4", "2:5-7"]);
    assert.match(problems[30].message, /w\.csv line 3: collateral\.A0 must be a number >= 0 \(is "yy"\)/);
  });

  it("refuses a wrong header", () => {
    const { book, problems } = parsePerpsCsv("id,market,size\n", "p.csv", new Set());
    assert.equal(book, undefined);
    assert.match(problems[0].message, /header "id,market,size,entryPrice,margin"/);
  });

  it("reads a perps book", () => {
    const { book, problems } = parsePerpsCsv(
      "id,market,size,entryPrice,margin\nt,ETH-PERP,-2.5,3000,900\n",
      "p.csv",
      new Set(["ETH-PERP"]),
    );
    assert.deepEqual(problems, []);
    assert.equal(book!.size[0], -2.5);
    assert.equal(book!.markets[book!.marketOf[0]], "ETH-PERP");
  });
});

describe("the plain-decimal fast path of CSV amounts", () => {
  it("gives Number()'s double for every plain decimal it accepts, and leaves everything else to the general reader", () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));
    const decimal = fc
      .tuple(digits(1, 17), fc.option(digits(1, 17)))
      .map(([int, frac]) => `${int.replace(/^0+(?=\d)/, "")}${frac === null ? "" : `.${frac}`}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const fast = plainDecimal(text, 0, text.length);
        if (fast >= 0) assert.equal(fast, Number(text), text);
        else assert.ok(text.replace(".", "").length > 15, `${text} should have taken the fast path`);
      }),
      { numRuns: 20_000 },
    );
    for (const text of ["-1", "1e5", "1.", ".5", "07", " 1", "1 ", "0x10", "Infinity", "1,5", "١"])
      assert.equal(plainDecimal(text, 0, text.length), -1, text);
    assert.equal(plainDecimal("x,0.1,y", 2, 5), 0.1);
    assert.equal(plainDecimal("", 0, 0), 0);
  });
});

describe("lineCount", () => {
  it("counts a text's lines and the same text's ASCII bytes alike", () => {
    const cases: [string, number][] = [
      ["", 1],
      ["id", 1],
      ["id\n", 1],
      ["id\na", 2],
      ["id\n\n\n", 3],
      ["id\r\na\r\nb\r\n", 3],
      ["\n\n\n\n", 4],
    ];
    for (const [text, lines] of cases) {
      assert.equal(lineCount(text), lines, JSON.stringify(text));
      assert.equal(lineCount({ ascii: new TextEncoder().encode(text) }), lines, JSON.stringify(text));
    }
  });
});

describe("the one-pass reader of plain lending books", () => {
  /** What a parse gives, with ids listed (an AsciiSpanIds is not an array). */
  const parsed = (source: CsvSource, plainRows: boolean) => {
    const { book, problems } = parseLendingCsv(source, "b.csv", new Set(["WETH", "USDC"]), { plainRows });
    return {
      problems,
      book: book && {
        ...book,
        ids: Array.from({ length: book.ids.length }, (_, i) => book.ids.at(i)),
        collateral: book.collateral.map((column) => [...column]),
        debt: book.debt.map((column) => [...column]),
        sourceLines: [...(book.sourceLines ?? [])],
      },
    };
  };
  const cell = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: 0, max: 1e9, noNaN: true }).map(String) },
    { weight: 4, arbitrary: fc.stringMatching(/^(0|[1-9][0-9]{0,16})(\.[0-9]{1,6})?$/) },
    fc.constantFrom(
      "",
      "0",
      "00",
      "07",
      ".5",
      "5.",
      "1e3",
      "-1",
      "-0",
      " 5",
      "5 ",
      "x",
      '"7"',
      "1.2.3",
      "0.0000000000000001",
    ),
  );
  const id = fc.oneof(
    { weight: 8, arbitrary: fc.stringMatching(/^[a-z0-9x]{1,6}$/) },
    fc.constantFrom(" a", "a ", "", '"q"', "é", "a\tb", "\ufeffa", "a,b"),
  );
  const row = fc.tuple(id, cell, cell).map(([i, c, d]) => `${i},${c},${d}`);
  const ending = fc.constantFrom("\n", "\n", "\n", "\r\n", "\r", "\n\n", "\n  \n");
  const book = fc
    .tuple(
      fc.constantFrom(
        "id,collateral.WETH,debt.USDC",
        "id,collateral.WETH,debt.USDC",
        "\ufeffid,collateral.WETH,debt.USDC",
        "\r\rid,collateral.WETH,debt.USDC",
        // Read from bytes, the header is decoded alone: a quoted one, one after a blank line, one ending CRLF, one naming an unknown asset.
        '"id","collateral.WETH",debt.USDC',
        "\nid,collateral.WETH,debt.USDC",
        "id,collateral.WETH,debt.USDC\r",
        "id,collateral.WETH,debt.DAI",
      ),
      fc.array(fc.tuple(row, ending), { maxLength: 12 }),
      fc.constantFrom("", "\n", "\r\n", "\n\n", ",extra"),
    )
    .map(([header, rows, tail]) => `${header}\n${rows.map(([r, e]) => r + e).join("")}${tail}`);

  it("gives what the general reader gives, on any book (plain ones taken by the fast path, the rest handed over)", () => {
    let taken = 0;
    let takenFromBytes = 0;
    fc.assert(
      fc.property(book, (text) => {
        const general = parsed(text, false);
        assert.deepEqual(parsed(text, true), general);
        // The same book as a file of ASCII bytes (fileBookReader hands those over undecoded).
        const bytes = new TextEncoder().encode(text);
        if (bytes.length === text.length) {
          assert.deepEqual(parsed({ ascii: bytes }, true), general);
          const fromBytes = parseLendingCsv({ ascii: bytes }, "b.csv", new Set(["WETH", "USDC"])).book?.ids;
          if (fromBytes && !Array.isArray(fromBytes)) takenFromBytes++;
        }
        const ids = parseLendingCsv(text, "b.csv", new Set(["WETH", "USDC"])).book?.ids;
        if (ids && !Array.isArray(ids)) taken++;
      }),
      { numRuns: 3000 },
    );
    // Both kinds were compared: books the fast path took, and books it handed over.
    assert.ok(taken > 300 && taken < 2700, `the fast path took ${taken} of 3000 books`);
    assert.ok(
      takenFromBytes > 150,
      `the fast path took ${takenFromBytes} of 3000 books from their bytes (${taken} from their text)`,
    );
  });

  it("ids in increasing order (shorter first, then by character) need no hash check; a repeat or a step back among them is still found", () => {
    const shortlex = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
    let taken = 0;
    let handedOver = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-cA0-9]{1,3}$/), { minLength: 2, maxLength: 30 }),
        fc.constantFrom("in order", "one repeated", "two swapped"),
        fc.nat(),
        (unique, change, at) => {
          const ids = [...unique].sort(shortlex);
          const i = at % (ids.length - 1);
          if (change === "one repeated") ids[i + 1] = ids[i];
          if (change === "two swapped") [ids[i], ids[i + 1]] = [ids[i + 1], ids[i]];
          const text = `id,collateral.WETH,debt.USDC\n${ids.map((id, r) => `${id},${r},1`).join("\n")}\n`;
          const fast = parsed(text, true);
          assert.deepEqual(fast, parsed(text, false));
          const { book } = parseLendingCsv(text, "b.csv", new Set(["WETH", "USDC"]));
          if (book && !Array.isArray(book.ids)) taken++;
          else handedOver++;
          assert.equal(fast.problems.length > 0, change === "one repeated");
        },
      ),
      { numRuns: 1000 },
    );
    assert.ok(taken > 300 && handedOver > 200, `taken ${taken}, handed over ${handedOver}`);
  });

  it("takes plain books itself: ids are spans of the text, not strings made per row", () => {
    const { book } = parseLendingCsv(
      "id,collateral.WETH,debt.USDC\na,1,2\r\nb,0.5,\n\n",
      "b.csv",
      new Set(["WETH", "USDC"]),
    );
    assert.ok(book && !Array.isArray(book.ids));
    assert.deepEqual([book.ids.at(0), book.ids.at(1), book.ids.at(2)], ["a", "b", undefined]);
    assert.deepEqual([...book.collateral[0], ...book.debt[0]], [1, 0.5, 2, 0]);
  });
});

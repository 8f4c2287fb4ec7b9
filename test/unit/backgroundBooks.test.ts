/**
 * Large CSV books are read and parsed by a worker thread for live validation: the first
 * validation reports the book as pending, the next one gets the parsed book, and changes
 * to the file are seen. Runs the built dist/bookWorker.js.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { BackgroundBooks } from "../../src/extension/backgroundBooks";
import { parseLendingCsv } from "../../src/parse/csvBook";
import { validateRiskText } from "../../src/rules/validate";
import { UNLIMITED } from "../../src/rules/runLimits";
import { lendingVenue, riskFile } from "./support";

const WORKER = path.resolve(__dirname, "../../../dist/bookWorker.js");
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-lens-books-"));
const riskPath = path.join(directory, "pool.risk.json");
const bookPath = path.join(directory, "book.csv");
const shape = { kind: "lending" as const, markets: ["WETH", "USDC"] };
const rows = (count: number) => ["id,collateral.WETH,debt.USDC", ...Array.from({ length: count }, (_, i) => `position-${i},${1 + (i % 7)},${1000 * (1 + (i % 7))}`)].join("\n") + "\n";
const text = JSON.stringify(riskFile({ venues: [lendingVenue({ positions: { file: "book.csv" } })], scenarios: [] }));

describe("background CSV books", () => {
  const books = new BackgroundBooks(WORKER);
  after(() => {
    books.dispose();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("a large book is pending at first, then parsed in the worker with the same numbers as a direct parse", async () => {
    fs.writeFileSync(bookPath, rows(60_000));
    assert.ok(fs.statSync(bookPath).size >= 1024 * 1024, "large enough to go to the worker");
    const loaded: string[] = [];
    const listening = books.onDidLoad((absolute) => loaded.push(absolute));
    const first = validateRiskText(text, books.reader(riskPath, 400 * 1048576), UNLIMITED);
    assert.deepEqual(first.pendingBooks, ["book.csv"]);
    assert.equal(first.resolved, undefined);
    assert.deepEqual(first.problems.filter((p) => p.severity === "error"), []);
    await books.whenIdle();
    assert.deepEqual(loaded, [bookPath]);
    const second = validateRiskText(text, books.reader(riskPath, 400 * 1048576), UNLIMITED);
    assert.equal(second.pendingBooks, undefined);
    const book = second.resolved!.books[0];
    assert.equal(book.kind, "lending");
    assert.equal(book.ids.length, 60_000);
    const direct = validateRiskText(text, () => ({ text: fs.readFileSync(bookPath, "utf8") }), UNLIMITED).resolved!.books[0];
    assert.deepEqual(book, direct);
    listening.dispose();
  });

  it("keeps the parsed book while the file is unchanged, and loads it again when it changes", async () => {
    const reader = books.reader(riskPath, 400 * 1048576);
    const before = books.loads;
    const kept = reader("book.csv", shape);
    assert.ok("parsed" in kept);
    assert.equal(books.loads, before, "no new load for an unchanged file");
    fs.writeFileSync(bookPath, rows(50_000) + "bad,x,1\n");
    assert.deepEqual(reader("book.csv", shape), { pending: true });
    await books.whenIdle();
    const changed = validateRiskText(text, reader, UNLIMITED);
    const problem = changed.problems.find((p) => p.file === "book.csv");
    assert.ok(problem, "the new book's problem, on its CSV line");
    assert.equal(problem.range.start.line, 50_001);
    assert.equal(changed.resolved, undefined);
  });

  it("answers small, missing and over-limit books at once, without the worker", () => {
    const before = books.loads;
    const reader = books.reader(riskPath, 1024 * 1024);
    assert.ok("error" in reader("missing.csv", shape));
    const refused = reader("book.csv", shape);
    assert.ok("error" in refused && /above the 1\.0 MiB limit/.test(refused.error));
    fs.writeFileSync(path.join(directory, "small.csv"), rows(10));
    const small = reader("small.csv", shape);
    assert.ok("text" in small);
    assert.equal(books.loads, before);
    assert.equal(books.busy, false);
  });

  it("parses a large book open in an editor from its text in the worker, once per editor version", async () => {
    const editorText = rows(55_000) + "bad,x,1\n";
    let fetched = 0;
    const editor = (version: number, text: string) => ({ uri: "file:///books/open.csv", absolutePath: "/books/open.csv", version, getText: () => (fetched++, text) });
    // What a validation's reader meets: the book open in an editor at some version.
    const openAt = (version: number, text: string) => books.reader(riskPath, 400 * 1048576, { openBook: (relativePath) => (relativePath === "open.csv" ? editor(version, text) : undefined) })("open.csv", shape);
    const loaded: string[] = [];
    const listening = books.onDidLoad((absolute) => loaded.push(absolute));
    assert.deepEqual(openAt(3, editorText), { pending: true });
    assert.deepEqual(openAt(3, editorText), { pending: true }, "still pending, not asked twice");
    assert.equal(fetched, 1, "the text is copied out of the editor once");
    await books.whenIdle();
    assert.deepEqual(loaded, ["/books/open.csv"]);
    const arrived = openAt(3, editorText);
    assert.equal(fetched, 1, "a kept parse needs no text");
    assert.ok("parsed" in arrived);
    assert.deepEqual(arrived.parsed, parseLendingCsv(editorText, "open.csv", new Set(shape.markets)), "as a direct parse of the editor's text");
    assert.equal(arrived.parsed.problems[0].range.start.line, 55_001);
    // The next edit is a new version: pending again until the worker has parsed it.
    assert.deepEqual(openAt(4, rows(55_000)), { pending: true });
    await books.whenIdle();
    const fixed = openAt(4, rows(55_000));
    assert.ok("parsed" in fixed && fixed.parsed.problems.length === 0 && fixed.parsed.book?.ids.length === 55_000);
    // A small text (the user deleted most rows) is answered at once.
    assert.deepEqual(openAt(5, rows(3)), { text: rows(3) });
    listening.dispose();
  });

  it("generates a large synthetic book in the worker, the same book as generated at once, and keeps it", async () => {
    const venue = lendingVenue({ positions: { synthetic: { seed: 11, count: 200_000, collateral: "WETH", debt: "USDC" } } });
    const synthetic = JSON.stringify(riskFile({ venues: [venue], scenarios: [] }));
    const reader = books.reader(riskPath, 400 * 1048576);
    const first = validateRiskText(synthetic, reader, UNLIMITED);
    assert.deepEqual(first.pendingBooks, ['the synthetic book of venue "Pool"']);
    assert.equal(first.resolved, undefined);
    await books.whenIdle();
    const before = books.loads;
    const second = validateRiskText(synthetic, reader, UNLIMITED);
    assert.equal(second.pendingBooks, undefined);
    assert.deepEqual(second.resolved!.books[0], validateRiskText(synthetic).resolved!.books[0], "as generated at once");
    assert.equal(validateRiskText(synthetic, reader, UNLIMITED).resolved!.books[0], second.resolved!.books[0], "kept: no new generation");
    assert.equal(books.loads, before);
    // A small one is generated at once.
    const small = JSON.stringify(riskFile({ venues: [lendingVenue({ positions: { synthetic: { seed: 11, count: 500, collateral: "WETH", debt: "USDC" } } })], scenarios: [] }));
    assert.ok(validateRiskText(small, reader, UNLIMITED).resolved);
  });

  it("a file with more large books than are kept: all arrive and stay while its validation uses them", async () => {
    const venues = Array.from({ length: 6 }, (_, i) => {
      fs.writeFileSync(path.join(directory, `venue-${i}.csv`), rows(50_000 + i));
      return { ...lendingVenue({ positions: { file: `venue-${i}.csv` } }), name: `V${i}` };
    });
    const many = JSON.stringify(riskFile({ venues, scenarios: [] }));
    const manyPath = path.join(directory, "many.risk.json");
    let validation = validateRiskText(many, books.reader(manyPath, 400 * 1048576), UNLIMITED);
    for (let attempt = 0; attempt < 4 && validation.pendingBooks; attempt++) {
      await books.whenIdle();
      validation = validateRiskText(many, books.reader(manyPath, 400 * 1048576), UNLIMITED);
    }
    assert.equal(validation.pendingBooks, undefined, "every book arrived (none evicted by another of the same file)");
    assert.deepEqual(validation.resolved!.books.map((book) => book.ids.length), [50_000, 50_001, 50_002, 50_003, 50_004, 50_005]);
    const loads = books.loads;
    assert.ok(validateRiskText(many, books.reader(manyPath, 400 * 1048576), UNLIMITED).resolved);
    assert.equal(books.loads, loads, "kept: typing in the file loads nothing again");
    // Once the file no longer needs them (forgotten), other books may take their place.
    books.forget(manyPath);
  });
});

/** The analysis worker's stores: document texts synced by incremental changes, and the one book store. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { BookStore, bookLocation, type BooksRead } from "../../src/analysis/bookStore";
import { DocumentStore } from "../../src/analysis/documentStore";
import { parseLendingCsv } from "../../src/parse/csvBook";
import { validateRiskText } from "../../src/rules/validate";
import { UNLIMITED } from "../../src/rules/runLimits";
import { lendingVenue, riskFile, temporaryDirectory } from "./support";

const limits = { maxPositions: 1e7, maxRounds: 1e4, maxBookBytes: 400 * 1048576 };

describe("document store", () => {
  const open = (text: string) => {
    const store = new DocumentStore();
    store.open({
      uri: "file:///a.risk.json",
      filePath: "/a.risk.json",
      fileName: "a.risk.json",
      version: 1,
      text,
      role: "risk",
      limits,
    });
    return store;
  };

  it("applies changes in order, each against the text the previous left (a multi-cursor edit arrives from the end)", () => {
    const store = open('{ "a": 1, "b": 2 }');
    assert.ok(
      store.change("file:///a.risk.json", 2, [
        { offset: 15, length: 1, text: "20" },
        { offset: 7, length: 1, text: "10" },
      ]),
    );
    assert.equal(store.get("file:///a.risk.json")!.text, '{ "a": 10, "b": 20 }');
    assert.ok(store.change("file:///a.risk.json", 3, [{ offset: 0, length: 0, text: "\n" }]));
    assert.equal(store.get("file:///a.risk.json")!.text, '\n{ "a": 10, "b": 20 }');
  });

  it("refuses a change that does not follow on (missed version, or outside the text), keeping the text", () => {
    const store = open("abc");
    assert.equal(store.change("file:///a.risk.json", 3, [{ offset: 0, length: 0, text: "x" }]), false);
    assert.equal(store.change("file:///a.risk.json", 2, [{ offset: 2, length: 5, text: "x" }]), false);
    assert.equal(store.get("file:///a.risk.json")!.text, "abc");
    assert.ok(store.at("/a.risk.json"));
  });
});

describe("book store", () => {
  const directory = temporaryDirectory("cascade-lens-store-");
  const riskPath = path.join(directory, "pool.risk.json");
  const bookPath = path.join(directory, "book.csv");
  const rows = (count: number) =>
    [
      "id,collateral.WETH,debt.USDC",
      ...Array.from({ length: count }, (_, i) => `p${i},${1 + (i % 7)},${1000 * (1 + (i % 7))}`),
    ].join("\n") + "\n";
  const text = JSON.stringify(riskFile({ venues: [lendingVenue({ positions: { file: "book.csv" } })], scenarios: [] }));
  const risk = { filePath: riskPath, uri: `file://${riskPath}` };
  let editor: { version: number; text: string } | undefined;
  const store = new BookStore((location) => (location === bookPath ? editor : undefined));
  const validate = (max = limits) => {
    const read: BooksRead = new Map();
    const locations = new Set<string>();
    return {
      validation: validateRiskText(text, store.reader(risk, max.maxBookBytes, max.maxPositions, read, locations), {
        ...UNLIMITED,
        maxPositions: max.maxPositions,
      }),
      read,
      locations,
    };
  };
  it("parses a book once per version: the same numbers as a direct parse, columns in shared memory", () => {
    fs.writeFileSync(bookPath, rows(5000));
    const before = store.loads;
    const { validation, locations } = validate();
    const book = validation.resolved!.books[0];
    assert.equal(store.loads, before + 1);
    assert.deepEqual([...locations], [bookPath]);
    assert.ok(book.kind === "lending" && book.collateral[0].buffer instanceof SharedArrayBuffer);
    const direct = parseLendingCsv(fs.readFileSync(bookPath, "utf8"), "book.csv", new Set(["WETH", "USDC"])).book!;
    assert.deepEqual(
      book.kind === "lending" && [...book.collateral[0]],
      direct.kind === "lending" && [...direct.collateral[0]],
    );
    assert.equal(validate().validation.resolved!.books[0], book, "an unchanged file is not read again");
    assert.equal(store.loads, before + 1);
  });

  it("an editor's text (unsaved) wins over the disk, by its version; a file changed on disk is read again once invalidated or re-stated", () => {
    editor = { version: 1, text: rows(10) + "bad,x,1\n" };
    const edited = validate().validation;
    assert.ok(edited.problems.some((p) => p.file === "book.csv" && p.range.start.line === 11));
    editor = undefined;
    assert.equal(validate().validation.resolved!.books[0].ids.length, 5000, "back to the disk");
    fs.writeFileSync(bookPath, rows(7));
    store.invalidate(bookPath);
    assert.equal(validate().validation.resolved!.books[0].ids.length, 7);
  });

  it("a book over the position limit by its line count is refused unparsed", () => {
    fs.writeFileSync(bookPath, rows(100));
    const before = store.loads;
    const { validation } = validate({ ...limits, maxPositions: 50 });
    assert.equal(validation.resolved, undefined);
    assert.ok(validation.problems.some((p) => /50/.test(p.message)));
    assert.equal(store.loads, before);
  });

  it("prepared books carry what a validation read, for a sweep's workers", () => {
    fs.writeFileSync(bookPath, rows(20));
    const { read } = validate();
    const [prepared] = store.prepared(read);
    assert.ok(
      prepared && "relativePath" in prepared && prepared.relativePath === "book.csv" && prepared.book.count === 20,
    );
  });

  it("books of an untitled file are nowhere; of a virtual file, beside it", () => {
    assert.equal(bookLocation({ filePath: null, uri: "untitled:Untitled-1" }, "book.csv"), undefined);
    assert.equal(
      bookLocation({ filePath: null, uri: "vscode-vfs://github/org/repo/risk/pool.risk.json" }, "../books/b.csv"),
      "vscode-vfs://github/org/repo/books/b.csv",
    );
  });
});

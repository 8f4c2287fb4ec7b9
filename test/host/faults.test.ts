/**
 * Limits, faults and unusual places in the real extension host: settings that refuse a
 * file, the run-time watchdog, multi-root folders, untitled files, files outside any
 * folder, books and risk files that are pipes or devices, and files renamed, deleted or
 * whose book changes while a run is in flight.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import { fileForSimulation, forSimulation } from "../../src/model/sharedBook";
import { validateRiskText } from "../../src/rules/validate";
import { SimulationPool } from "../../src/worker/simulationPool";
import {
  codeOf,
  extensionApi,
  heavyFile,
  openRiskFile,
  ours,
  replaceInDocument,
  waitFor,
  workspaceUri,
} from "./helpers";

const outcomes = (uri: vscode.Uri) => ours(uri).filter((d) => codeOf(d) === "CL100");
const limitProblem = (uri: vscode.Uri) => ours(uri).find((d) => /positions, above the limit/.test(d.message));

async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const settings = vscode.workspace.getConfiguration("cascadeLens.limits");
  await settings.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await settings.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

describe("Limits", () => {
  it("a folder's position limit applies to its files only (multi-root), on the positions key", async () => {
    await extensionApi();
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 2, "the suite runs in a two-folder workspace");
    const inSecond = await vscode.workspace.openTextDocument(
      vscode.Uri.joinPath(folders[1].uri, "lending-pool.risk.json"),
    );
    const inFirst = await openRiskFile("lending-pool.risk.json");
    const problem = await waitFor("the limit error in the second folder", () => limitProblem(inSecond.uri));
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem.message, /above the limit of 3 per run \(setting cascadeLens\.limits\.maxPositions/);
    assert.equal(inSecond.getText(problem.range), "positions");
    assert.equal(
      limitProblem(inFirst.uri),
      undefined,
      "the same content in the first folder is within the default limit",
    );
    assert.equal(vscode.workspace.asRelativePath(inSecond.uri), "second/lending-pool.risk.json");
  });

  it("a changed limit setting revalidates open files at once", async () => {
    const document = await openRiskFile("perps-venue.risk.json");
    await withSetting("maxRounds", 10, async () => {
      const problem = await waitFor("the rounds limit error", () =>
        ours(document.uri).find((d) => /rounds per scenario/.test(d.message)),
      );
      assert.match(problem.message, /maxRounds 50 is above the limit of 10 rounds per scenario/);
    });
    await waitFor("the error gone with the setting", () =>
      ours(document.uri).some((d) => /rounds per scenario/.test(d.message)) ? undefined : true,
    );
  });

  it("stops a run past maxRunSeconds, reports it, and the next run starts a fresh worker", async () => {
    const api = await extensionApi();
    const uri = heavyFile("heavy-watchdog.risk.json");
    const document = await vscode.workspace.openTextDocument(uri);
    await withSetting("maxRunSeconds", 0.2, async () => {
      assert.equal(await api.simulation.simulate(document), undefined);
      const report = await waitFor("the time-limit report", () =>
        outcomes(uri).find((d) => /stopped after 0\.2 s/.test(d.message)),
      );
      assert.equal(report.severity, vscode.DiagnosticSeverity.Error);
      assert.match(report.message, /cascadeLens\.limits\.maxRunSeconds/);
    });
    await waitFor("the stopped worker to exit", async () => {
      const stats = await api.analysis.stats();
      return stats.simulationWorkersStarted === stats.simulationWorkersExited ? true : undefined;
    });
    const started = (await api.analysis.stats()).simulationWorkersStarted;
    const next = await api.simulation.simulate(document);
    assert.ok(next && next.scenarios.length === 1, "the next run completes under the default limit");
    assert.equal((await api.analysis.stats()).simulationWorkersStarted, started + 1);
    fs.rmSync(uri.fsPath);
  });

  it("a cancellation signal cancels its own run only, never a newer one", async () => {
    const api = await extensionApi();
    const document = await openRiskFile("perps-venue.risk.json");
    const request = { jobs: {}, timeoutMs: 60_000, warnAmplification: 1.5 };
    const first = new AbortController();
    const firstResult = await api.analysis.simulate(document, request, { signal: first.signal });
    const second = api.analysis.simulate(document, request);
    // A progress notification closed after its run ended fires its token late.
    first.abort();
    const { result } = await second;
    assert.ok(result.scenarios.length > 0);
    assert.deepEqual(result.scenarios, firstResult.result.scenarios);
    const cancelled = new AbortController();
    const third = api.analysis.simulate(document, request, { signal: cancelled.signal });
    cancelled.abort();
    await assert.rejects(third, /cancelled/);
  });
});

describe("Errors only a simulation finds", () => {
  it("are shown as errors on the parameter that caused them, not as a skipped run", async () => {
    const api = await extensionApi();
    // Both assets sold at the 0.99 impact cap: WETH's move is -0.99 + 1 x (-0.99) < -100 %.
    const file = {
      version: 1,
      name: "Contagion past -100 %",
      assets: {
        WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 1 }, contagion: { USDC: -1 } },
        USDC: { price: 1, liquidity: { model: "linear", depthUsd: 1 }, contagion: { WETH: 1 } },
      },
      venues: [
        {
          name: "Perps",
          kind: "perps",
          markets: {
            "ETH-PERP": { asset: "WETH", initialMargin: 0.1, maintenanceMargin: 0.05, liquidationFee: 0.01 },
            "USD-PERP": { asset: "USDC", initialMargin: 0.1, maintenanceMargin: 0.05, liquidationFee: 0.01 },
          },
          positions: [
            { id: "a", market: "ETH-PERP", size: 1, entryPrice: 1000, margin: 100 },
            { id: "u", market: "USD-PERP", size: 1e6, entryPrice: 1, margin: 1 },
          ],
        },
      ],
      scenarios: [{ name: "both -50%", shocks: { WETH: -0.5, USDC: -0.5 } }],
    };
    const uri = workspaceUri("contagion.risk.json");
    fs.writeFileSync(uri.fsPath, JSON.stringify(file, null, 2));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(
      (await api.analysis.validate(document)).problems.filter((p) => p.severity === "error"),
      [],
      "validation alone finds nothing",
    );
    const result = await api.simulation.simulate(document);
    assert.ok(result && result.blockingProblems.length === 1);
    const problem = await waitFor("the simulation's error", () =>
      ours(uri).find((d) => /price of WETH would become/.test(d.message)),
    );
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(!/Simulation skipped/.test(problem.message));
    assert.ok(document.getText(problem.range).length > 0, "located on the file's text");
    fs.rmSync(uri.fsPath);
  });
});

describe("A worker out of memory", () => {
  it("ends only the worker, is reported, and the extension host keeps working", async () => {
    const api = await extensionApi();
    const extension = vscode.extensions.all.find((e) => e.packageJSON.name === "cascade-lens")!;
    // The extension's own simulation worker under a 16 MB heap: a 2,000,000-position run cannot fit (the
    // book's id slots alone take 16 MB of heap; its columns are typed arrays, outside the heap).
    const starved = new SimulationPool(path.join(extension.extensionPath, "dist", "worker.js"), () => undefined, 16);
    const uri = heavyFile("heavy-oom.risk.json", 2_000_000);
    const resolved = validateRiskText(fs.readFileSync(uri.fsPath, "utf8"), fileBookReader(uri.fsPath)).resolved!;
    const run = {
      fileName: "heavy-oom.risk.json",
      file: fileForSimulation(resolved.file),
      books: resolved.books.map(forSimulation),
      curveAsset: "WETH",
      jobs: {},
    };
    await assert.rejects(
      starved.run(run, { timeoutMs: 120_000 }),
      /ran out of memory \(its heap is limited to 16 MB\)/,
    );
    await waitFor("the starved worker to exit", () => (starved.started === starved.exited ? true : undefined));
    starved.dispose();
    const document = await openRiskFile("perps-venue.risk.json");
    const result = await api.simulation.simulate(document);
    assert.ok(result && result.scenarios.length > 0, "the extension's own worker still runs");
    fs.rmSync(uri.fsPath);
  });
});

describe("Unusual places", () => {
  it("validates and simulates an untitled file from a template; a CSV book asks to save first", async () => {
    const api = await extensionApi();
    const document = await vscode.commands.executeCommand<vscode.TextDocument>(
      "cascadeLens.newFromTemplate",
      "perps-venue",
    );
    assert.ok(document.isUntitled);
    const result = await api.simulation.simulate(document);
    assert.ok(
      result && result.blockingProblems.length === 0 && result.scenarios.length > 0,
      "the template runs unsaved",
    );
    await waitFor("outcomes on the untitled file", () => (outcomes(document.uri).length > 0 ? true : undefined));
    const edit = new vscode.WorkspaceEdit();
    const synthetic = /\{ "synthetic": \{[^}]*\{[^}]*\}[^}]*\{[^}]*\}[^}]*\} \}/.exec(document.getText())!;
    edit.replace(
      document.uri,
      new vscode.Range(
        document.positionAt(synthetic.index),
        document.positionAt(synthetic.index + synthetic[0].length),
      ),
      '{ "file": "book.csv" }',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const problem = await waitFor("the unsaved-book error", () =>
      ours(document.uri).find((d) => /not saved on disk/.test(d.message)),
    );
    assert.equal(document.getText(problem.range), "book.csv");
    const blocked = await api.simulation.simulate(document);
    assert.ok(blocked && blocked.blockingProblems.some((p) => /save it first/.test(p.message)));
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("validates and simulates on save a file outside every workspace folder", async () => {
    await extensionApi();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-lens-outside-"));
    const file = path.join(directory, "outside.risk.json");
    fs.copyFileSync(workspaceUri("two-venues.risk.json").fsPath, file);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    assert.equal(vscode.workspace.getWorkspaceFolder(document.uri), undefined);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 1), " ");
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    await waitFor("outcomes after the save", () => (outcomes(document.uri).length === 3 ? true : undefined), 60_000);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    fs.rmSync(directory, { recursive: true });
  });
});

describe("Books that are not files", () => {
  // Reading /dev/zero never ends and a pipe waits for a writer: before the check, the
  // first validation of this file froze the extension host for good.
  it("a device or a pipe as a book is refused on its file reference, unread", async function () {
    if (process.platform === "win32") return this.skip();
    await extensionApi();
    const pipe = workspaceUri("pipe-book.csv").fsPath;
    execFileSync("mkfifo", [pipe]);
    const source = JSON.parse(fs.readFileSync(workspaceUri("fixtures/csv-book.risk.json").fsPath, "utf8")) as {
      venues: { name: string; positions: unknown }[];
    };
    const venue = source.venues[0]!;
    source.venues = [
      { ...venue, name: "Device", positions: { file: "/dev/zero" } },
      { ...venue, name: "Pipe", positions: { file: "pipe-book.csv" } },
    ];
    const uri = workspaceUri("not-files.risk.json");
    fs.writeFileSync(uri.fsPath, JSON.stringify(source, null, 2));
    const document = await vscode.workspace.openTextDocument(uri);
    const refused = await waitFor("both books refused", () => {
      const found = ours(uri).filter((d) =>
        /is not a regular file \(a pipe, device or socket\); it was not read/.test(d.message),
      );
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(refused.map((d) => document.getText(d.range)).sort(), ["/dev/zero", "pipe-book.csv"]);
    fs.rmSync(uri.fsPath);
    fs.rmSync(pipe);
  });

  it("a pipe named *.risk.json is not opened by the workspace watcher", async function () {
    if (process.platform === "win32") return this.skip();
    const api = await extensionApi();
    const pipe = workspaceUri("pipe.risk.json").fsPath;
    execFileSync("mkfifo", [pipe]);
    // A file created after the pipe: once it is validated, the pipe's event was handled.
    const after = workspaceUri("after-pipe.risk.json");
    fs.copyFileSync(workspaceUri("lending-pool.risk.json").fsPath, after.fsPath);
    await waitFor("the file created after the pipe", () => api.analysis.validation(after), 30_000);
    // Opening a pipe to write without blocking fails (ENXIO) unless something holds it open to read.
    assert.throws(() => fs.closeSync(fs.openSync(pipe, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)), /ENXIO/);
    assert.equal(api.analysis.validation(workspaceUri("pipe.risk.json")), undefined);
    fs.rmSync(pipe);
    fs.rmSync(after.fsPath);
  });
});

describe("Large books", () => {
  /** Books parsed or generated by the analysis worker so far. */
  const bookLoads = async () => (await (await extensionApi()).analysis.stats()).bookLoads;

  it("a large synthetic book is generated once by the analysis worker, and kept while the file is typed in", async () => {
    const api = await extensionApi();
    const uri = heavyFile("heavy-synthetic.risk.json", 1_000_000);
    const loads = await bookLoads();
    const document = await vscode.workspace.openTextDocument(uri);
    const validated = await api.analysis.validate(document);
    assert.equal(validated.simulatable, true, JSON.stringify(validated.problems.slice(0, 3)));
    assert.equal((await bookLoads()) - loads, 1, "generated once, in the worker");
    // Typing elsewhere in the file reuses the generated book.
    await replaceInDocument(document, '"name": "Heavy"', '"name": "Heavy (edited)"');
    const again = await api.analysis.validate(document);
    assert.equal(again.version, document.version, "the edit reached the worker");
    assert.equal(await bookLoads(), loads + 1);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    fs.rmSync(uri.fsPath);
  });

  it("a large CSV book is read by the analysis worker: its problem on the CSV's line and on the risk file, kept while the risk file is typed in", async () => {
    const api = await extensionApi();
    const bookPath = workspaceUri("fixtures/large-book.csv").fsPath;
    // 200,000 healthy rows and one bad cell near the end: ~6 MB.
    const rows = [
      "id,collateral.WETH,debt.USDC",
      ...Array.from({ length: 200_000 }, (_, i) => `p${i},${1 + (i % 50)},${1500 * (1 + (i % 50))}`),
      "bad,x,1",
    ];
    fs.writeFileSync(bookPath, rows.join("\n") + "\n");
    const riskPath = workspaceUri("fixtures/large.risk.json").fsPath;
    fs.writeFileSync(
      riskPath,
      fs
        .readFileSync(workspaceUri("fixtures/csv-book.risk.json").fsPath, "utf8")
        .replace("bad-book.csv", "large-book.csv"),
    );
    const loads = await bookLoads();
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(riskPath));
    await vscode.window.showTextDocument(document);
    const problem = await waitFor(
      "the book's problem",
      () =>
        ours(document.uri).find((d) =>
          /large-book\.csv line 200002: collateral\.WETH must be a number/.test(d.message),
        ),
      30_000,
    );
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    const onBook = await waitFor("the problem on the CSV's line", () =>
      ours(vscode.Uri.file(bookPath)).find((d) => d.range.start.line === 200_001),
    );
    assert.match(onBook.message, /must be a number >= 0 \(is "x"\)/);
    assert.ok((await bookLoads()) > loads, "read by the worker");
    // The CSV watcher reports the book just written: once that has settled, typing in the risk file reuses the parsed book.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await api.analysis.validate(document);
    const read = await bookLoads();
    await replaceInDocument(document, '"name"', ' "name"');
    assert.equal((await api.analysis.validate(document)).version, document.version);
    assert.equal(await bookLoads(), read);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    fs.rmSync(riskPath);
    fs.rmSync(bookPath);
  });

  it("open in an editor: unsaved edits are validated and simulated as typed (both read the editor's book); closing goes back to the disk", async () => {
    const api = await extensionApi();
    const bookUri = workspaceUri("fixtures/edited-book.csv");
    const rows = [
      "id,collateral.WETH,debt.USDC",
      ...Array.from({ length: 200_000 }, (_, i) => `p${i},${1 + (i % 50)},${1500 * (1 + (i % 50))}`),
    ];
    const onDisk = rows.join("\n") + "\n";
    fs.writeFileSync(bookUri.fsPath, onDisk);
    const riskPath = workspaceUri("fixtures/edited.risk.json").fsPath;
    fs.writeFileSync(
      riskPath,
      fs
        .readFileSync(workspaceUri("fixtures/csv-book.risk.json").fsPath, "utf8")
        .replace("bad-book.csv", "edited-book.csv")
        .replace('"venues"', '"scenarios": [{ "name": "ETH -30%", "shocks": { "WETH": -0.3 } }],\n  "venues"'),
    );
    const risk = await vscode.workspace.openTextDocument(vscode.Uri.file(riskPath));
    await vscode.window.showTextDocument(risk);
    const bookProblem = () =>
      ours(risk.uri).find((d) => /edited-book\.csv line 150001: collateral\.WETH must be a number/.test(d.message));
    await waitFor(
      "the book read from disk",
      () => (api.analysis.validation(risk.uri)?.simulatable ? true : undefined),
      30_000,
    );
    assert.equal(bookProblem(), undefined);
    const clean = await api.simulation.simulate(risk);
    assert.ok(clean && clean.blockingProblems.length === 0 && clean.positions === 200_000);
    const book = await vscode.workspace.openTextDocument(bookUri);
    await vscode.window.showTextDocument(book, { preview: false });
    // A healthy row made deeply underwater, then a bad cell: each unsaved edit is what both validation and the run read.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(bookUri, book.lineAt(1).range, "p0,1,100000");
    assert.ok(await vscode.workspace.applyEdit(edit));
    const underwater = await api.simulation.simulate(risk);
    assert.ok(underwater && underwater.blockingProblems.length === 0);
    assert.notDeepEqual(underwater.scenarios, clean.scenarios, "the run read the editor's unsaved row");
    const bad = new vscode.WorkspaceEdit();
    bad.replace(bookUri, book.lineAt(150_000).range, "p149999,x,1");
    assert.ok(await vscode.workspace.applyEdit(bad));
    const problem = await waitFor("the unsaved edit's problem on the risk file", bookProblem, 30_000);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    await waitFor("the problem on the edited CSV line", () =>
      ours(bookUri).find((d) => d.range.start.line === 150_000),
    );
    assert.ok(book.isDirty);
    assert.equal(fs.readFileSync(bookUri.fsPath, "utf8"), onDisk, "the book on disk is untouched");
    const blocked = await api.simulation.simulate(risk);
    assert.ok(
      blocked && blocked.blockingProblems.some((p) => /collateral\.WETH must be a number/.test(p.message)),
      "the run is stopped by the problem validation shows",
    );
    // Closing the editor without saving: the risk file reads the book on disk again.
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    await waitFor(
      "the problem gone with the unsaved edit",
      () =>
        api.analysis.validation(risk.uri)?.simulatable && bookProblem() === undefined && ours(bookUri).length === 0
          ? true
          : undefined,
      30_000,
    );
    const again = await api.simulation.simulate(risk);
    assert.deepEqual(again?.scenarios, clean.scenarios, "back to the book on disk");
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    fs.rmSync(riskPath);
    fs.rmSync(bookUri.fsPath);
  });
});

describe("Files changing under a run", () => {
  it("a file renamed during its run leaves no problems on the old name", async () => {
    const api = await extensionApi();
    const uri = heavyFile("heavy-rename.risk.json");
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const running = api.simulation.simulate(document);
    await waitFor("the run to start", async () => ((await api.analysis.stats()).running ? true : undefined));
    const renamed = workspaceUri("heavy-renamed.risk.json");
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(uri, renamed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await running;
    assert.ok(document.isClosed, "the old document closed with the rename");
    assert.deepEqual(ours(uri), [], "nothing reported on the old name");
    const reopened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === renamed.toString());
    assert.ok(reopened, "the editor follows the rename");
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    await vscode.workspace.fs.delete(renamed);
    await waitFor("problems of the deleted file cleared", () =>
      ours(renamed).length === 0 && ours(uri).length === 0 ? true : undefined,
    );
  });

  it("a file deleted during its run keeps its editor's results", async () => {
    const api = await extensionApi();
    const uri = heavyFile("heavy-delete.risk.json", 100_000);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const running = api.simulation.simulate(document);
    await waitFor("the run to start", async () => ((await api.analysis.stats()).running ? true : undefined));
    await vscode.workspace.fs.delete(uri);
    const result = await running;
    assert.ok(result && result.scenarios.length === 1, "the run finishes on the text it was given");
    await waitFor("the outcome on the still-open editor", () => (outcomes(uri).length === 1 ? true : undefined));
    assert.equal(document.isClosed, false);
    // VS Code disposes the document some time after its editor closes; onDidClose clears it then.
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("a CSV book rewritten during a run: the run uses the book it read, validation the new one", async () => {
    const api = await extensionApi();
    const bookPath = workspaceUri("fixtures/changing-book.csv").fsPath;
    const rows = [
      "id,collateral.WETH,debt.USDC",
      ...Array.from({ length: 200_000 }, (_, i) => `p${i},${1 + (i % 50)},${1500 * (1 + (i % 50))}`),
    ];
    fs.writeFileSync(bookPath, rows.join("\n") + "\n");
    const riskPath = workspaceUri("fixtures/changing.risk.json").fsPath;
    fs.writeFileSync(
      riskPath,
      fs
        .readFileSync(workspaceUri("fixtures/csv-book.risk.json").fsPath, "utf8")
        .replace("bad-book.csv", "changing-book.csv")
        .replace('"venues"', '"scenarios": [{ "name": "ETH -30%", "shocks": { "WETH": -0.3 } }],\n  "venues"'),
    );
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(riskPath));
    // The first progress message comes after the book was read and the first scenario ran.
    let bookRead: () => void = () => undefined;
    const read = new Promise<void>((resolve) => (bookRead = resolve));
    const running = api.analysis.simulate(
      document,
      { jobs: {}, timeoutMs: 120_000, warnAmplification: 1.5 },
      { onProgress: () => bookRead() },
    );
    await read;
    fs.writeFileSync(bookPath, "id,collateral.WETH,debt.USDC\nonly,x,1\n");
    const { result } = await running;
    assert.equal(result.positions, 200_000, JSON.stringify(result.blockingProblems));
    assert.equal(result.blockingProblems.length, 0);
    assert.ok(result.curve && result.curve.points.length > 0, "the run finished on the book it read");
    const problem = await waitFor("the new book's error", () =>
      ours(document.uri).find((d) => /collateral\.WETH must be a number/.test(d.message)),
    );
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    fs.rmSync(bookPath);
    fs.rmSync(riskPath);
  });
});

/** Live validation in the real extension host: exact diagnostics on the examples, and edits without a save. */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import {
  codeOf,
  extensionApi,
  openRiskFile,
  ours,
  rangeText,
  replaceInDocument,
  waitFor,
  workspaceUri,
} from "./helpers";

type Expected = [code: string, severity: string, range: string];

const SEVERITY_NAMES = ["error", "warning", "information", "hint"];
const summarize = (diagnostics: readonly vscode.Diagnostic[]): Expected[] =>
  diagnostics
    .map((d): Expected => [codeOf(d), SEVERITY_NAMES[d.severity], rangeText(d.range)])
    .sort((a, b) => a.join().localeCompare(b.join()));

/** Waits until the file's validation diagnostics (not simulation outcomes) have `count` entries. */
const validationDiagnostics = (uri: vscode.Uri, count: number) =>
  waitFor(`${count} diagnostics on ${uri.path}`, () => {
    const found = ours(uri).filter((d) => codeOf(d) !== "CL100");
    return found.length === count ? found : undefined;
  });

describe("Validation diagnostics", () => {
  before(async () => {
    await extensionApi();
  });

  it("reports every rule of broken.risk.json on the exact node", async () => {
    const document = await openRiskFile("broken.risk.json");
    const expected: Expected[] = [
      ["CL003", "error", "25:39-25:43"], // "DOGE" has no market
      ["CL004", "error", "24:17-24:19"], // second "p1"
      ["CL010", "error", "17:25-17:29"], // ltv 0.85
      ["CL011", "error", "18:54-18:58"], // liquidationThreshold 0.96
      ["CL012", "warning", "19:79-19:83"], // liquidationBonus 0.01
      ["CL013", "warning", "17:103-17:116"], // supplyCapUsd 1e12
      ["CL020", "error", "34:83-34:87"], // maintenanceMargin 0.06
      ["CL021", "warning", "35:106-35:110"], // liquidationFee 0.03
      ["CL030", "information", "27:17-27:19"], // "p5"
    ];
    const diagnostics = await validationDiagnostics(document.uri, expected.length);
    assert.deepEqual(
      summarize(diagnostics),
      [...expected].sort((a, b) => a.join().localeCompare(b.join())),
    );
    const toxic = diagnostics.find((d) => codeOf(d) === "CL011")!;
    assert.match(toxic.message, /0\.96 x \(1 \+ liquidationBonus 0\.05\) = 1\.008 >= 1/);
    assert.match(toxic.message, /below 0\.9524 or the bonus below 4\.17 %/);
    const code = toxic.code as { value: string; target: vscode.Uri };
    // The link opens docs/rules.md at the rule's own line (VS Code selects `#L<line>`), not at the page's top.
    assert.ok(code.target.path.endsWith("/docs/rules.md"), code.target.toString());
    const line = /^L(\d+)$/.exec(code.target.fragment)?.[1];
    assert.ok(line, `a line fragment (is "${code.target.fragment}")`);
    const rules = (await vscode.workspace.fs.readFile(code.target.with({ fragment: "" }))).toString().split("\n");
    assert.match(rules[Number(line) - 1], /<a id="cl011"><\/a>\*\*CL011\*\*/);
  });

  it("reports schema problems: unknown field on its key, missing field on the parent key, range on the value", async () => {
    const document = await openRiskFile("broken-schema.risk.json");
    const diagnostics = await validationDiagnostics(document.uri, 3);
    assert.deepEqual(summarize(diagnostics), [
      ["CL002", "error", "12:25-12:28"],
      ["CL002", "error", "4:86-4:92"],
      ["CL002", "error", "5:5-5:9"],
    ]);
    assert.ok(diagnostics.some((d) => /Unknown field "colour"/.test(d.message)));
    assert.ok(diagnostics.some((d) => /Missing required field "price"/.test(d.message)));
    // Each problem once: VS Code's JSON service, which reads the same schema, reports none of them again.
    const foreign = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source !== "Cascade Lens");
    const repeated = await waitFor(
      "the JSON service's own schema diagnostics",
      () => (foreign().length > 0 ? foreign() : undefined),
      8_000,
    ).catch(() => []);
    assert.deepEqual(
      repeated.map((d) => `${d.source}: ${d.message}`),
      [],
    );
  });

  it("keeps completion and hovers from the schema", async () => {
    const uri = workspaceUri("completion.risk.json");
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode('{ "version": 1, "assets": { "WETH": {  } } }\n'),
    );
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const inside = document.positionAt(document.getText().indexOf("{  }") + 2);
    // The JSON service loads the schema once the document is open: ask until it answers, with a deadline.
    let labels: string[] = [];
    for (
      const deadline = Date.now() + 20_000;
      !labels.some((label) => label.includes("price")) && Date.now() < deadline;
    ) {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        "vscode.executeCompletionItemProvider",
        uri,
        inside,
      );
      labels = list.items.map((item) => (typeof item.label === "string" ? item.label : item.label.label));
    }
    assert.ok(
      labels.some((label) => label.includes("price")),
      labels.join(", "),
    );
    assert.ok(
      labels.some((label) => label.includes("liquidity")),
      labels.join(", "),
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      uri,
      document.positionAt(document.getText().indexOf('"version"') + 2),
    );
    const text = hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(text, /File format version/);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    await vscode.workspace.fs.delete(uri);
  });

  it("reports a JSON syntax error as CL001", async () => {
    const document = await openRiskFile("broken-syntax.risk.jsonc");
    const [diagnostic] = await validationDiagnostics(document.uri, 1);
    assert.equal(codeOf(diagnostic), "CL001");
    assert.equal(rangeText(diagnostic.range), "3:2-3:10");
  });

  for (const example of ["lending-pool.risk.json", "perps-venue.risk.json", "two-venues.risk.json"]) {
    it(`validates ${example} cleanly`, async () => {
      const api = await extensionApi();
      const document = await openRiskFile(example);
      const validation = await waitFor("a validation", () => api.analysis.validation(document.uri));
      assert.deepEqual(validation.problems, []);
      assert.deepEqual(
        ours(document.uri).filter((d) => codeOf(d) !== "CL100"),
        [],
      );
    });
  }

  it("follows unsaved edits and clears what an edit fixed", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    await replaceInDocument(document, '"ltv": 0.805', '"ltv": 0.9');
    const [diagnostic] = await validationDiagnostics(document.uri, 1);
    assert.equal(codeOf(diagnostic), "CL010");
    assert.ok(document.isDirty, "the edit was not saved");
    const line = document.lineAt(diagnostic.range.start.line).text;
    assert.equal(line.slice(diagnostic.range.start.character, diagnostic.range.end.character), "0.9");
    await replaceInDocument(document, '"ltv": 0.9', '"ltv": 0.805');
    await validationDiagnostics(document.uri, 0);
    await document.save();
  });

  it("reports CSV book problems on the CSV line and on the file reference", async () => {
    const document = await openRiskFile("fixtures/csv-book.risk.json");
    const riskDiagnostics = await validationDiagnostics(document.uri, 2);
    assert.ok(riskDiagnostics.every((d) => document.getText(d.range) === "bad-book.csv"));
    const csvUri = workspaceUri("fixtures/bad-book.csv");
    const csvDiagnostics = await waitFor("CSV diagnostics", () =>
      ours(csvUri).length === 2 ? ours(csvUri) : undefined,
    );
    assert.deepEqual(summarize(csvDiagnostics), [
      ["CL002", "error", "2:3-2:6"], // "abc"
      ["CL004", "error", "3:0-3:2"],
    ]);
  });
});

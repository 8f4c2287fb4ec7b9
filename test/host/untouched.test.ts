/** The extension never writes to a user's file unless the user chose an edit. */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { CascadeLensApi } from "../../src/extension/extension";
import * as fs from "node:fs";
import * as path from "node:path";
import { extensionApi, openRiskFile, workspaceUri } from "./helpers";

describe("Files on disk", () => {
  it("are byte-identical after validation, simulation, the panel, a sweep and the curve", async () => {
    const api: CascadeLensApi = await extensionApi();
    const examples = [
      "lending-pool.risk.json",
      "perps-venue.risk.json",
      "broken.risk.json",
      "fixtures/csv-book.risk.json",
      "fixtures/bad-book.csv",
    ];
    const before = await Promise.all(examples.map((name) => vscode.workspace.fs.readFile(workspaceUri(name))));
    for (const name of examples.filter((n) => n.endsWith(".json"))) {
      const document = await openRiskFile(name);
      await api.analysis.validate(document);
      await vscode.commands.executeCommand("cascadeLens.simulate", document.uri);
      await vscode.commands.executeCommand("cascadeLens.showCurves", document.uri);
    }
    const pool = await openRiskFile("lending-pool.risk.json");
    await vscode.commands.executeCommand("cascadeLens.findCriticalShock", pool.uri);
    await vscode.commands.executeCommand("cascadeLens.sweepParameter", pool.uri, {
      param: "venues.Core.closeFactor",
      from: 0.4,
      to: 0.6,
      steps: 2,
    });
    const after = await Promise.all(examples.map((name) => vscode.workspace.fs.readFile(workspaceUri(name))));
    examples.forEach((name, i) => assert.deepEqual(after[i], before[i], `${name} is unchanged`));
  });

  it("records the activation time measured in this host (for npm run bench)", async () => {
    const api = await extensionApi();
    assert.ok(api.activationMs > 0 && api.activationMs < 10_000);
    // test-results/ beside the built tests: the bench prints the last host run's figure.
    const results = path.resolve(__dirname, "../../../test-results");
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(
      path.join(results, "activation.json"),
      JSON.stringify({ activationMs: api.activationMs, vscode: vscode.version, at: new Date().toISOString() }),
    );
  });
});

/**
 * The extension host's thread while the user types in a large risk file: each keystroke
 * costs the host the change itself (sent to the analysis worker), never a parse or a
 * validation. Measured here and recorded for `npm run bench`, not asserted (machines are
 * noisy): the longest time our sync of one edit held the host's thread, the host's longest
 * stall over the burst (every extension's work included, VS Code's own JSON support among
 * them), and, for comparison, the same burst in a plain .json file of the same size, where
 * this extension does nothing. What is asserted is that the worker saw every keystroke.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as vscode from "vscode";
import { extensionApi, waitFor, workspaceUri } from "./helpers";

const KEYSTROKES = 30;

/** A risk file of about `megabytes` MB: inline positions, pretty-printed. */
function largeRiskText(megabytes: number): string {
  const positions: string[] = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1e6; i++) {
    const position = `      { "id": "0x${i.toString(16).padStart(40, "0")}", "collateral": { "WETH": ${1 + (i % 97) / 10} }, "debt": { "USDC": ${1000 + (i % 89) * 10} } }`;
    positions.push(position);
    size += position.length + 2;
  }
  return `{
  "version": 1,
  "name": "Large",
  "assets": { "WETH": { "price": 3000, "liquidity": { "model": "sqrt", "depthUsd": 200000000 } }, "USDC": { "price": 1 } },
  "venues": [
    {
      "name": "Pool",
      "kind": "lending",
      "markets": { "WETH": { "ltv": 0.8, "liquidationThreshold": 0.83, "liquidationBonus": 0.05 }, "USDC": { "ltv": 0, "liquidationThreshold": 0, "liquidationBonus": 0 } },
      "positions": [
${positions.join(",\n")}
      ]
    }
  ],
  "scenarios": [{ "name": "ETH -20%", "shocks": { "WETH": -0.2 } }]
}
`;
}

/** Types KEYSTROKES characters 30 ms apart before `"Large"`'s first letter; the host thread's longest stall meanwhile. */
async function typingBurst(editor: vscode.TextEditor): Promise<number> {
  const document = editor.document;
  const at = document.positionAt(document.getText().indexOf('"Large"') + 1);
  editor.selection = new vscode.Selection(at, at);
  // Let the work of opening settle first (VS Code's JSON support reads the file too).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  for (let i = 0; i < KEYSTROKES; i++) {
    await vscode.commands.executeCommand("type", { text: "x" });
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  stalls.disable();
  return stalls.max / 1e6;
}

describe("Typing in a large file", () => {
  it("a burst of keystrokes in a 20 MB risk file reaches the analysis worker change by change; the host's costs are recorded", async function () {
    this.timeout(300_000);
    const api = await extensionApi();
    const text = largeRiskText(20);
    const uri = workspaceUri("typing-large.risk.json");
    fs.writeFileSync(uri.fsPath, text);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await waitFor("the first validation", () => api.analysis.validation(uri), 120_000);
    const before = { ...api.analysis.syncCost };
    api.analysis.syncCost.maxMs = 0;
    const maxStallMs = await typingBurst(editor);
    const syncMaxMs = api.analysis.syncCost.maxMs;
    assert.equal(api.analysis.syncCost.changes - before.changes, KEYSTROKES, "one sync per keystroke");
    // Once typing pauses, the worker validates the version the editor holds, with every keystroke in it.
    const validated = await waitFor(
      "the validation after the burst",
      () => (api.analysis.validation(uri)?.version === document.version ? api.analysis.validation(uri) : undefined),
      120_000,
    );
    assert.deepEqual(
      validated.problems.filter((p) => p.severity === "error"),
      [],
    );
    assert.ok(document.getText().includes(`"${"x".repeat(KEYSTROKES)}Large"`), "every keystroke is in the text");
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    fs.rmSync(uri.fsPath);
    // The same text as plain JSON, which Cascade Lens does not read: what the host pays without it.
    const plain = workspaceUri("typing-large-plain.json");
    fs.writeFileSync(plain.fsPath, text);
    const plainEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(plain));
    const plainStallMs = await typingBurst(plainEditor);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    fs.rmSync(plain.fsPath);
    const results = path.resolve(__dirname, "../../../test-results");
    fs.mkdirSync(results, { recursive: true });
    const record = {
      megabytes: text.length / 1e6,
      keystrokes: KEYSTROKES,
      syncMaxMs,
      maxStallMs,
      plainStallMs,
      vscode: vscode.version,
      at: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(results, "typing.json"), JSON.stringify(record));
  });
});

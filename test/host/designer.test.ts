/** The designer's workflow in the real extension host: quick fixes and hovers. */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeOf, extensionApi, openRiskFile, ours, waitFor } from "./helpers";

async function fixesAt(document: vscode.TextDocument, code: string): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  const diagnostic = await waitFor(`a ${code} diagnostic`, () => ours(document.uri).find((d) => codeOf(d) === code));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  // Only our fixes: the queried range is the diagnostic's own value or name.
  return { diagnostic, actions: actions.filter((a) => a.edit !== undefined) };
}

/** Applies a fix, checks that only the replaced span changed (every other byte identical) and its diagnostic cleared, then undoes it. */
async function applyAndCheck(document: vscode.TextDocument, action: vscode.CodeAction, expectedText: string, code: string): Promise<void> {
  const before = document.getText();
  const [[, [edit]]] = action.edit!.entries();
  assert.equal(edit.newText, expectedText);
  const start = document.offsetAt(edit.range.start);
  const end = document.offsetAt(edit.range.end);
  assert.ok(await vscode.workspace.applyEdit(action.edit!));
  assert.equal(document.getText(), before.slice(0, start) + expectedText + before.slice(end));
  await waitFor(`${code} to clear`, () => (ours(document.uri).some((d) => codeOf(d) === code && d.range.start.line === edit.range.start.line) ? undefined : true));
  await vscode.commands.executeCommand("undo");
  await waitFor("the undo", () => (document.getText() === before ? true : undefined));
}

describe("Quick fixes", () => {
  before(async () => {
    await extensionApi();
  });

  it("CL010: sets ltv half a point below the threshold", async () => {
    const document = await openRiskFile("broken.risk.json");
    const { actions } = await fixesAt(document, "CL010");
    assert.deepEqual(actions.map((a) => a.title), ["Set ltv to 0.825 (0.5 pp below the threshold)"]);
    assert.ok(actions[0].isPreferred);
    await applyAndCheck(document, actions[0], "0.825", "CL010");
  });

  it("CL011: offers the largest threshold or bonus that makes LT(1+LB) < 1", async () => {
    const document = await openRiskFile("broken.risk.json");
    const { actions } = await fixesAt(document, "CL011");
    assert.deepEqual(actions.map((a) => a.title), ["Lower liquidationThreshold to 0.9523", "Lower liquidationBonus to 0.0416"]);
    await applyAndCheck(document, actions[0], "0.9523", "CL011");
    const again = await fixesAt(document, "CL011");
    await applyAndCheck(document, again.actions[1], "0.0416", "CL011");
  });

  it("CL020: sets maintenance to 60 % of initial", async () => {
    const document = await openRiskFile("broken.risk.json");
    const { actions } = await fixesAt(document, "CL020");
    assert.deepEqual(actions.map((a) => a.title), ["Set maintenanceMargin to 0.03 (60 % of initial, as dYdX v4)"]);
    await applyAndCheck(document, actions[0], "0.03", "CL020");
  });

  it("CL003: corrects a misspelt asset to the closest known name", async () => {
    const document = await openRiskFile("fixtures/typo.risk.json");
    const { diagnostic, actions } = await fixesAt(document, "CL003");
    assert.equal(document.getText(diagnostic.range), "WETh");
    assert.deepEqual(actions.map((a) => a.title), ['Change to "WETH"']);
    await applyAndCheck(document, actions[0], "WETH", "CL003");
  });
});

describe("Hovers", () => {
  const hoverText = async (document: vscode.TextDocument, search: string) => {
    const position = document.positionAt(document.getText().indexOf(search) + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", document.uri, position);
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
  };

  it("shows a lending market's leverage, toxic zone, liquidation drops and depth", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    const text = await hoverText(document, '"ltv": 0.805');
    assert.match(text, /Max leverage 1 \/ \(1 - ltv\) = x5\.13/);
    assert.match(text, /LT x \(1 \+ LB\) = 0\.8715: .*buffer from HF 1: 12\.85 %/);
    assert.match(text, /WETH price drop that liquidates the median position: -\d+\.\d %; the largest \(by debt\): -\d+\.\d %/);
    assert.match(text, /USD that moves WETH 10 % under its sqrt liquidity: \$1\.5B/);
  });

  it("shows a perps market's leverage and 10x liquidation prices", async () => {
    const document = await openRiskFile("perps-venue.risk.json");
    const text = await hoverText(document, '"initialMargin": 0.05, "maintenanceMargin": 0.03');
    assert.match(text, /Max leverage 1 \/ initialMargin = x20\.00/);
    // 10x long at 3000 with maintenance 3 %: (3000 - 300) / 0.97 = 2783.51
    assert.match(text, /10x long entered now is liquidated at \$2,783\.51 \(-7\.2 %\); a 10x short at \$3,203\.88 \(\+6\.8 %\)/);
  });

  it("shows a position's health factor and liquidation price", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    const text = await hoverText(document, '"0xwhale-eth-1"');
    // 60000 WETH x 3000 x 0.83 / 140M = 1.0671; liquidated at 140M / (60000 x 0.83) = $2,811.24
    assert.match(text, /health factor 1\.0671/);
    assert.match(text, /Liquidated when WETH falls to \$2,811\.24 \(-6\.3 %\)/);
  });
});

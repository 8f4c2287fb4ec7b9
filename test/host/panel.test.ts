/** The curve panel in the real extension host: opened by command, fed by simulations, strict page. */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { PanelView } from "../../src/shared/panelProtocol";
import { extensionApi, openRiskFile, replaceInDocument, waitFor } from "./helpers";

interface PanelHandle {
  panel: vscode.WebviewPanel;
  shown: PanelView | undefined;
}

describe("Liquidation-curve panel", () => {
  let handle: PanelHandle;

  before(async () => {
    await extensionApi();
    const document = await openRiskFile("lending-pool.risk.json");
    handle = (await vscode.commands.executeCommand<PanelHandle>("cascadeLens.showCurves", document.uri))!;
    // A plain run of the file (earlier suites may have run a custom scenario or a sweep on it).
    await vscode.commands.executeCommand("cascadeLens.simulate", document.uri);
  });

  after(() => handle?.panel.dispose());

  it("opens beside the editor and shows the five charts of the file's simulation", async () => {
    assert.equal(handle.panel.viewType, "cascadeLens.curves");
    assert.equal(handle.panel.title, "Cascade: lending-pool.risk.json");
    const shown = await waitFor(
      "the panel's charts",
      () => (handle.shown?.type === "show" && handle.shown.model.scenarioNames.length === 4 ? handle.shown : undefined),
      60_000,
    );
    assert.deepEqual(
      shown.model.charts.map((c) => c.id),
      ["curve", "response", "badDebt", "profitability", "health"],
    );
    assert.deepEqual(shown.model.scenarioNames, ["ETH -20%", "ETH -35%", "Crypto crash", "stETH depeg"]);
    assert.deepEqual(Object.keys(shown.model.paths), shown.model.scenarioNames);
    assert.equal(shown.freshness, "fresh");
    // At most a few thousand points per chart, whatever the book's size.
    for (const chart of shown.model.charts) assert.ok(chart.datasets.reduce((n, d) => n + d.data.length, 0) < 5000);
  });

  it("serves a page with a strict content security policy and nothing remote", () => {
    const html = handle.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
    assert.match(csp, /default-src 'none'/);
    // 24 random bytes from node:crypto, base64: 32 characters.
    const nonce = /script-src 'nonce-([A-Za-z0-9+/]{32})'/.exec(csp)?.[1];
    assert.ok(nonce, "scripts need the nonce");
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.ok(
      scripts.length > 0 && scripts.every((attributes) => attributes.includes(`nonce="${nonce}"`)),
      "every script carries the nonce",
    );
    assert.doesNotMatch(html, /(src|href)="https?:\/\/(?!.*vscode-cdn|.*vscode-resource)/, "no remote assets");
    assert.doesNotMatch(html, /\beval\(|new Function\(/);
    const roots = (handle.panel.webview.options.localResourceRoots ?? [])
      .map((uri) => uri.path.split("/").slice(-1)[0])
      .sort();
    assert.deepEqual(roots, ["dist", "media"]);
  });

  it("keeps the last good charts, marked stale, while the file has errors", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    await replaceInDocument(document, '"ltv": 0.805', '"ltv": 0.9');
    try {
      const stale = await waitFor("stale charts", () =>
        handle.shown?.type === "show" && handle.shown.freshness === "stale" ? handle.shown : undefined,
      );
      assert.ok(
        stale.errors.some((e) => e.startsWith("CL010")),
        stale.errors.join("\n"),
      );
      assert.deepEqual(
        stale.model.charts.map((c) => c.id),
        ["curve", "response", "badDebt", "profitability", "health"],
      );
    } finally {
      await replaceInDocument(document, '"ltv": 0.9', '"ltv": 0.805');
      await document.save();
    }
  });
});

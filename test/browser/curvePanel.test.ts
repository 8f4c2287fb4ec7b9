/** The liquidation-curve panel as a person uses it: palette, charts drawn, save updates, themes. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  drawnPixels,
  findCommand,
  openFile,
  openWorkbench,
  replaceFirstAndSave,
  runCommand,
  saveScreenshot,
  SCREENSHOTS,
  webviewFrame,
  type Session,
} from "./workbench";

describe("Liquidation-curve panel", () => {
  let session: Session;
  before(async () => {
    session = await openWorkbench("panel");
  });
  after(async () => session?.close());

  it("opens from the palette and draws all five charts", async () => {
    const { page } = session;
    await openFile(page, "two-venues.risk.json");
    await runCommand(page, "Cascade Lens: Show Liquidation Curves");
    const frame = await webviewFrame(page, "[data-chart='health']");
    const pixels = await drawnPixels(frame);
    assert.deepEqual(Object.keys(pixels).sort(), ["badDebt", "curve", "health", "path", "profitability", "response"]);
    for (const [chart, count] of Object.entries(pixels))
      assert.ok(count > 2000, `${chart} has drawn (${count} pixels)`);
    const figure = await frame.locator("[data-figure='criticalShock'] .value").innerText();
    assert.match(figure, /WETH -\d+(\.\d)? %/);
    // The scenarios' lenses show their outcomes once the file's own run is done: the screenshot waits for them.
    await page.locator(".codelens-decoration", { hasText: "rounds" }).first().waitFor({ timeout: 60_000 });
    await saveScreenshot(page, "panel-dark.png", { docs: true });
  });

  it("updates the header after a parameter is changed and saved", async () => {
    const { page } = session;
    const frame = await webviewFrame(page, "[data-chart='health']");
    const before = await frame.locator("[data-figure='worstScenario'] .value").innerText();
    // Make WETH four times thinner: depthUsd 200000000 -> 50000000.
    await replaceFirstAndSave(page, path.join(session.workspace, "two-venues.risk.json"), "200000000", "50000000");
    const deadline = Date.now() + 60_000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await page.waitForTimeout(200);
      const current = await webviewFrame(page, "[data-chart='health']");
      after = await current
        .locator("[data-figure='worstScenario'] .value")
        .innerText()
        .catch(() => before);
    }
    assert.notEqual(after, before, "the worst scenario's figure changed");
  });

  it("runs Sweep Parameter from the palette and charts it", async () => {
    const { page } = session;
    await page.locator(".monaco-editor .view-lines").first().click();
    await runCommand(page, "Cascade Lens: Sweep Parameter...");
    const pick = async (title: string, choice: string) => {
      await page.locator(".quick-input-widget", { hasText: title }).waitFor({ timeout: 20_000 });
      await page.keyboard.type(choice);
      await page.locator(".quick-input-list .monaco-list-row", { hasText: choice }).first().waitFor();
      await page.keyboard.press("Enter");
    };
    // One list of every numeric field, in words; typing filters it.
    await pick("Sweep: parameter", "Pool WETH liquidation bonus");
    // The range box proposes ±10 % around the current value and 10 steps: accept it.
    await page.locator(".quick-input-widget", { hasText: "from, to, steps" }).waitFor();
    await page.keyboard.press("Enter");
    const frame = await webviewFrame(page, "[data-chart='sweep-uncovered']", 120_000);
    const pixels = await drawnPixels(frame);
    for (const id of ["sweep-uncovered", "sweep-stuck", "sweep-badDebt", "sweep-amplification"])
      assert.ok(pixels[id] > 2000, `the ${id} chart has drawn (${pixels[id]} pixels)`);
    // The parameter in words, one metric per chart.
    assert.match(
      await frame.locator("[data-chart='sweep-uncovered'] h2").innerText(),
      /Sweep of Pool WETH liquidation bonus: uncovered bad debt/,
    );
    await saveScreenshot(page, "sweep.png", { docs: true });
  });

  it("runs Sweep Two Parameters through its picks to a drawn heatmap", async () => {
    const { page } = session;
    await page.locator(".monaco-editor .view-lines").first().click();
    await runCommand(page, "Cascade Lens: Sweep Two Parameters...");
    const pick = async (title: string, choice: string) => {
      await page.locator(".quick-input-widget", { hasText: title }).waitFor({ timeout: 20_000 });
      await page.keyboard.type(choice);
      await page.locator(".quick-input-list .monaco-list-row", { hasText: choice }).first().waitFor();
      await page.keyboard.press("Enter");
    };
    await pick("the first (x)", "Pool WETH liquidation threshold");
    await page.locator(".quick-input-widget", { hasText: "from, to, steps" }).waitFor();
    await page.keyboard.press("Enter");
    await pick("the second (y)", "Pool WETH liquidation bonus");
    await page.locator(".quick-input-widget", { hasText: "from, to, steps" }).waitFor();
    await page.keyboard.press("Enter");
    await pick("the figure in each cell", "Uncovered bad debt");
    const frame = await webviewFrame(page, "[data-chart='sweep2-heatmap']", 180_000);
    const pixels = await drawnPixels(frame);
    assert.ok(pixels["sweep2-heatmap"] > 20_000, `the heatmap has drawn (${pixels["sweep2-heatmap"]} pixels)`);
    assert.match(
      await frame.locator("[data-chart='sweep2-heatmap'] h2").innerText(),
      /uncovered bad debt \(worst scenario\) by WETH liquidationThreshold and WETH liquidationBonus/,
    );
    await frame.locator("[data-chart='sweep2-heatmap']").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "sweep2-heatmap.png", { docs: true });
  });

  it("follows the theme when it changes to light", async () => {
    const { page, server } = session;
    const settings = JSON.parse(fs.readFileSync(server.settingsFile, "utf8"));
    fs.writeFileSync(
      server.settingsFile,
      JSON.stringify({ ...settings, "workbench.colorTheme": "Default Light Modern" }, null, 2),
    );
    const frame = await webviewFrame(page, "[data-chart='health']");
    await frame.waitForFunction(() => document.body.classList.contains("vscode-light"), undefined, { timeout: 30_000 });
    // Redrawn with the theme's colours: the axis text is the light theme's (dark) foreground.
    await frame.waitForFunction(() => Number(document.body.dataset.rendered) > 0, undefined, { timeout: 10_000 });
    const foreground = await frame.evaluate(() =>
      getComputedStyle(document.body).getPropertyValue("--vscode-editor-foreground").trim(),
    );
    assert.ok(foreground.length > 0);
    const pixels = await drawnPixels(frame);
    for (const [chart, count] of Object.entries(pixels))
      assert.ok(count > 2000, `${chart} has drawn in the light theme`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "panel-light.png") });
  });

  it("offers every command for an untitled risk file from a template, as for a saved one", async () => {
    const { page } = session;
    await runCommand(page, "Cascade Lens: New Risk File from Template...");
    await page.locator(".quick-input-widget", { hasText: "New Risk File from Template" }).waitFor({ timeout: 20_000 });
    await page.keyboard.type("Lending pool (Aave");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Lending pool (Aave" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "Untitled" }).waitFor({ timeout: 20_000 });
    // Its name matches no *.risk.json: the palette shows the commands by the extension's context key.
    for (const title of [
      "Cascade Lens: Sweep Parameter...",
      "Cascade Lens: Find Critical Shock",
      "Cascade Lens: Export Report",
      "Cascade Lens: Show Liquidation Curves",
    ]) {
      await findCommand(page, title);
      await page.keyboard.press("Escape");
    }
  });
});

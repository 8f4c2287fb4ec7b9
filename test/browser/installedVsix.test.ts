/**
 * The release as a user gets it: `npm run package` builds the .vsix, code-server installs
 * it from the command line, and the workbench (with no development extension) validates
 * and charts as in development.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { CODE_SERVER, REPO_ROOT } from "../support/codeServer";
import { drawnPixels, openFile, openWorkbench, runCommand, SCREENSHOTS, webviewFrame, type Session } from "./workbench";

const VSIX = path.join(REPO_ROOT, "out/test/cascade-lens.vsix");

describe("The packaged .vsix installed into code-server", () => {
  let session: Session;
  before(async () => {
    fs.rmSync(VSIX, { force: true });
    execFileSync(process.execPath, [path.join(REPO_ROOT, "out/scripts/package.js"), "--out", VSIX], {
      cwd: REPO_ROOT,
      stdio: "pipe",
    });
    session = await openWorkbench("vsix", { installVsix: VSIX });
  });
  after(async () => session?.close());

  it("is under 2 MB and installed from the command line", () => {
    const size = fs.statSync(VSIX).size;
    assert.ok(size < 2 * 1024 * 1024, `${size} bytes`);
    const extensions = path.join(REPO_ROOT, "out/test/code-server-vsix/extensions");
    const listed = execFileSync(CODE_SERVER, ["--extensions-dir", extensions, "--list-extensions", "--show-versions"], {
      encoding: "utf8",
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      publisher: string;
      name: string;
      version: string;
    };
    assert.match(
      listed,
      new RegExp(`^${manifest.publisher}\\.${manifest.name}@${manifest.version.replace(/\./g, "\\.")}$`, "m"),
    );
  });

  it("validates a risk file and draws the panel's charts, as in development", async () => {
    const { page } = session;
    await openFile(page, "broken.risk.json");
    await runCommand(page, "Problems: Focus on Problems View");
    const panel = page.locator(".markers-panel");
    await panel.locator(".monaco-list-row", { hasText: "CL011" }).first().waitFor({ timeout: 60_000 });
    await openFile(page, "two-venues.risk.json");
    await runCommand(page, "Cascade Lens: Show Liquidation Curves");
    const frame = await webviewFrame(page, "[data-chart='health']");
    const pixels = await drawnPixels(frame);
    for (const [chart, count] of Object.entries(pixels))
      assert.ok(count > 2000, `${chart} has drawn (${count} pixels)`);
    assert.match(await frame.locator("[data-figure='criticalShock'] .value").innerText(), /WETH -\d+(\.\d)? %/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "panel-installed-vsix.png") });
  });
});

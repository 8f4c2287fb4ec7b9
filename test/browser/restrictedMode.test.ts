/**
 * Restricted Mode (an untrusted workspace): the extension works, but the workspace cannot
 * change the limits per run (package.json `restrictedConfigurations`). The user's limit
 * of 3 positions applies although the workspace lifts it to 10 million: the workspace's
 * value is ignored, as it would not be in a trusted workspace (the host suite checks that
 * a folder's own limit applies there).
 */
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { openFile, openWorkbench, runCommand, SCREENSHOTS, type Session } from "./workbench";

describe("Restricted Mode", () => {
  let session: Session;
  before(async () => {
    session = await openWorkbench("restricted", {
      restrictedMode: true,
      settings: { "cascadeLens.limits.maxPositions": 3 },
      workspaceSettings: { "cascadeLens.limits.maxPositions": 10_000_000 },
    });
  });
  after(async () => session?.close());

  it("validates, but only the user's limits apply: a workspace cannot lift them", async () => {
    const { page } = session;
    await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).first().waitFor({ timeout: 30_000 });
    await openFile(page, "lending-pool.risk.json");
    await runCommand(page, "Problems: Focus on Problems View");
    const panel = page.locator(".markers-panel");
    await panel.waitFor({ timeout: 30_000 });
    const filter = page.locator(".markers-panel-action-filter input, .viewpane-filter input").first();
    await filter.fill("above the limit of 3 per run");
    await panel.locator(".monaco-list-row", { hasText: "lending-pool.risk.json" }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "restricted-mode.png") });
  });
});

/** What a person sees: the Problems panel lists the broken example's problems. */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openFile, openWorkbench, runCommand, saveScreenshot, type Session } from "./workbench";

describe("Problems panel in the workbench", () => {
  let session: Session;
  before(async () => {
    session = await openWorkbench("problems");
  });
  after(async () => session?.close());

  it("lists every rule of broken.risk.json with its code", async () => {
    const { page } = session;
    await openFile(page, "broken.risk.json");
    await runCommand(page, "Problems: Focus on Problems View");
    const panel = page.locator(".markers-panel");
    await panel.waitFor({ timeout: 30_000 });
    await panel.locator(".monaco-list-row", { hasText: "broken.risk.json" }).first().waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "problems-panel.png", { docs: true });
    // The list is virtualised (rows out of view are not in the page): filter to one code at a time.
    const filter = page.locator(".markers-panel-action-filter input, .viewpane-filter input").first();
    for (const code of ["CL003", "CL004", "CL010", "CL011", "CL012", "CL013", "CL020", "CL021", "CL030"]) {
      await filter.fill(code);
      const row = panel.locator(".monaco-list-row", { hasText: code }).first();
      await row.waitFor({ timeout: 30_000 });
      if (code === "CL011")
        assert.match(
          await row.innerText(),
          /liquidationThreshold 0\.96 x \(1 \+ liquidationBonus 0\.05\) = 1\.008 >= 1/,
        );
    }
    await filter.fill("");
  });
});

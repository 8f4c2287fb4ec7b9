/** Driving the real workbench in Chromium as a person would: keyboard, palette, panels. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import {
  launchBrowser,
  prepareWorkspace,
  REPO_ROOT,
  startCodeServer,
  workbenchUrl,
  type CodeServer,
  type ServerOptions,
} from "../support/codeServer";

export const SCREENSHOTS = path.join(REPO_ROOT, "test-results");
/** The README's pictures: the browser tests take them, so they show what the product shows now. */
export const DOC_IMAGES = path.join(REPO_ROOT, "docs/images");

/** A screenshot into test-results/, and also into docs/images/ when the README shows it. */
export async function saveScreenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<void> {
  // The README's pictures without a progress toast over the panel (it closes when its run ends).
  if (options.docs)
    await page
      .locator(".notification-toast")
      .first()
      .waitFor({ state: "hidden", timeout: 15_000 })
      .catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
  if (options.docs) {
    fs.mkdirSync(DOC_IMAGES, { recursive: true });
    fs.copyFileSync(path.join(SCREENSHOTS, name), path.join(DOC_IMAGES, name));
  }
}

export interface Session {
  server: CodeServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** A workbench on a fresh copy of the examples: this repository as a development extension, or an installed .vsix. */
export async function openWorkbench(
  name: string,
  options: ServerOptions & { prepare?: (workspace: string) => void } = {},
): Promise<Session> {
  const workspace = prepareWorkspace(path.join(REPO_ROOT, `out/test/workspace-${name}`));
  options.prepare?.(workspace);
  const server = await startCodeServer(workspace, path.join(REPO_ROOT, `out/test/code-server-${name}`), options);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(workbenchUrl(server, { development: !options.installVsix }));
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  // The workbench is interactive once the status bar has its items.
  await page.waitForSelector(".statusbar-item", { timeout: 60_000 });
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** Runs a command from the palette (F1: Ctrl+Shift+P is the browser's). */
/** Opens the palette on a command and waits until it is listed (it must be offered here). */
export async function findCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 20_000 });
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await findCommand(page, title);
  await page.keyboard.press("Enter");
}

export async function openFile(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(fileName);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: fileName }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press("Enter");
  await page.locator(".tab", { hasText: fileName }).first().waitFor({ timeout: 20_000 });
  await page.locator(".monaco-editor .view-lines").first().waitFor();
}

/** The webview frame whose document has `selector` (webviews are nested iframes). */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no webview with ${selector} after ${timeoutMs} ms`);
}

/** Non-transparent pixels per chart canvas: a drawn chart has thousands. */
export function drawnPixels(frame: Frame): Promise<Record<string, number>> {
  return frame.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const card of Array.from(document.querySelectorAll<HTMLElement>("[data-chart]"))) {
      const canvas = card.querySelector("canvas")!;
      const context = canvas.getContext("2d")!;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      counts[card.dataset.chart!] = count;
    }
    return counts;
  });
}

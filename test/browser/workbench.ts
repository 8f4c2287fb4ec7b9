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
  /** The folder the workbench has open (a fresh copy of the examples). */
  workspace: string;
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
    workspace,
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

/**
 * Replaces the first occurrence of `from` in the active editor by `to` and saves, as a user
 * does with the find widget: only digits and dots are typed into the editor (a quote would
 * wrap the selection). Each step waits for what the workbench shows, as a slow machine
 * needs: the widget open on its first match, then closed; then the saved file on disk must
 * hold `to` in place of one `from`, so a keystroke lost elsewhere fails here, by name.
 */
export async function replaceFirstAndSave(page: Page, file: string, from: string, to: string): Promise<void> {
  const occurrences = (text: string, part: string) => text.split(part).length - 1;
  const before = fs.readFileSync(file, "utf8");
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Control+F");
  const find = page.locator(".find-widget.visible").first();
  await find.waitFor({ timeout: 20_000 });
  const input = find.locator("textarea, input").first();
  await input.fill(from);
  await find.locator(".matchesCount", { hasText: /^1 of \d+$/ }).waitFor({ timeout: 20_000 });
  // Escape in the widget's own input closes it and leaves the match selected in the editor.
  // Pressed on the input (focused first): a toast or a panel taking the focus meanwhile
  // would otherwise take the key, and the widget would stay open (seen once in CI).
  for (let attempt = 1; ; attempt++) {
    await input.press("Escape");
    const closed = await page
      .locator(".find-widget.visible")
      .waitFor({ state: "detached", timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (closed) break;
    if (attempt === 5) throw new Error("the find widget did not close on Escape");
  }
  await page.keyboard.type(to);
  await page.keyboard.press("Control+S");
  const saved = () => {
    const text = fs.readFileSync(file, "utf8");
    return occurrences(text, from) < occurrences(before, from) && occurrences(text, to) > occurrences(before, to);
  };
  const deadline = Date.now() + 20_000;
  while (!saved()) {
    if (Date.now() > deadline) throw new Error(`${path.basename(file)} was not saved with ${from} replaced by ${to}`);
    await page.waitForTimeout(100);
  }
}

/**
 * What the extension and git logged in this workbench (the latest session's output
 * channels), for a failing test to print: CI keeps no screenshot, only its log.
 */
export function workbenchLogs(session: Session, channels = ["Cascade Lens.log", "Git.log"]): string {
  const logs = path.join(path.dirname(path.dirname(session.server.settingsFile)), "logs");
  if (!fs.existsSync(logs)) return "(no logs)";
  const latest = fs.readdirSync(logs).sort().at(-1);
  if (!latest) return "(no logs)";
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (channels.some((channel) => entry.name.endsWith(channel)))
        found.push(`--- ${entry.name}\n${fs.readFileSync(full, "utf8").split("\n").slice(-60).join("\n")}`);
    }
  };
  walk(path.join(logs, latest));
  return found.join("\n") || "(no logs)";
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

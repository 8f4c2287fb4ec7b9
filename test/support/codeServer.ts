/**
 * Runs the extension in a real VS Code on a machine without internet: code-server 4.100.3
 * (installed by scripts/install-vscode-host.sh) driven by Debian's Chromium through
 * playwright-core. See ../shared/VSCODE-HOST.md for why each flag is there.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";

/** The repository root: the nearest folder above this bundle whose package.json is ours (bundles live at different depths). */
function findRepoRoot(start: string): string {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "cascade-lens") return dir;
  }
  throw new Error(`no cascade-lens package.json above ${start}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const CODE_SERVER = path.join(REPO_ROOT, ".vscode-test/code-server-4.100.3/node_modules/.bin/code-server");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface CodeServer {
  port: number;
  workspace: string;
  /** The user settings.json; the workbench applies changes to it live. */
  settingsFile: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * A fresh copy of the examples (and, for the test suites, the fixtures): tests edit files,
 * the repository must not change. The playground of `npm start` holds the examples only.
 */
export function prepareWorkspace(target: string, options: { fixtures?: boolean } = {}): string {
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, "media/examples"), target, { recursive: true });
  const fixtures = path.join(REPO_ROOT, "test/fixtures");
  if ((options.fixtures ?? true) && fs.existsSync(fixtures))
    fs.cpSync(fixtures, path.join(target, "fixtures"), { recursive: true });
  // The examples point at the repository's schema by a relative path, which a copy elsewhere
  // breaks (VS Code would warn that it cannot load it): point the copies at it absolutely.
  const schema = JSON.stringify(pathToFileURL(path.join(REPO_ROOT, "dist/risk.schema.json")).href);
  for (const name of fs.readdirSync(target).filter((f) => f.endsWith(".risk.json"))) {
    const file = path.join(target, name);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"../../dist/risk.schema.json"', schema));
  }
  return target;
}

/**
 * The extension-host suite's workspace: multi-root, so folder-scoped settings and paths are
 * exercised. The first folder is a copy of the examples and fixtures; the second holds a
 * copy of the lending example under a folder setting (a lower position limit).
 */
export function prepareHostWorkspace(root: string): string {
  fs.rmSync(root, { recursive: true, force: true });
  const examples = prepareWorkspace(path.join(root, "examples"));
  const second = path.join(root, "second");
  fs.mkdirSync(path.join(second, ".vscode"), { recursive: true });
  fs.copyFileSync(path.join(examples, "lending-pool.risk.json"), path.join(second, "lending-pool.risk.json"));
  fs.writeFileSync(
    path.join(second, ".vscode", "settings.json"),
    JSON.stringify({ "cascadeLens.limits.maxPositions": 3 }, null, 2),
  );
  const workspaceFile = path.join(root, "host.code-workspace");
  fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: "examples" }, { path: "second" }] }, null, 2));
  return workspaceFile;
}

export interface ServerOptions {
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** A .vsix installed into the server's extensions folder (`code-server --install-extension`) before it starts. */
  installVsix?: string;
  /** The workspace's own settings (.vscode/settings.json). */
  workspaceSettings?: Record<string, unknown>;
  /** Listen on this port (npm start --port); a free one otherwise. */
  port?: number;
  /** Workspace Trust on, the workspace never trusted: it opens in Restricted Mode. Off by default. */
  restrictedMode?: boolean;
}

export async function startCodeServer(
  workspace: string,
  stateDir: string,
  options: ServerOptions = {},
): Promise<CodeServer> {
  // Restricted Mode without the trust prompt, which would wait for a click.
  const settings = {
    ...(options.restrictedMode ? { "security.workspace.trust.startupPrompt": "never" } : {}),
    ...options.settings,
  };
  if (!fs.existsSync(CODE_SERVER))
    throw new Error(`code-server is not installed at ${CODE_SERVER}; run scripts/install-vscode-host.sh`);
  const port = options.port ?? (await freePort());
  const userData = path.join(stateDir, "user-data");
  const extensions = path.join(stateDir, "extensions");
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  const settingsFile = path.join(userData, "User", "settings.json");
  // The web workbench auto-saves after 1 s by default, desktop VS Code (and the test-electron run) never:
  // edits stay unsaved here too, so tests of unsaved edits see what a desktop user sees.
  fs.writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        "files.autoSave": "off",
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": false,
        "git.enabled": false,
        "git.openRepositoryInParentFolders": "never",
        ...settings,
      },
      null,
      2,
    ),
  );
  if (options.workspaceSettings) {
    fs.mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, ".vscode", "settings.json"),
      JSON.stringify(options.workspaceSettings, null, 2),
    );
  }
  if (options.installVsix) {
    execFileSync(
      CODE_SERVER,
      ["--user-data-dir", userData, "--extensions-dir", extensions, "--install-extension", options.installVsix],
      { stdio: "pipe" },
    );
  }
  const log = fs.openSync(path.join(stateDir, "code-server.log"), "a");
  // detached: its own process group, so stop() also ends the file watchers it forks.
  const child: ChildProcess = spawn(
    CODE_SERVER,
    [
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--user-data-dir",
      userData,
      "--extensions-dir",
      extensions,
      "--disable-telemetry",
      "--disable-update-check",
      ...(options.restrictedMode ? [] : ["--disable-workspace-trust"]),
      workspace,
    ],
    { detached: true, stdio: ["ignore", log, log] },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
        resolve(undefined);
      }, 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  };
  try {
    await waitUntil("code-server to listen", async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, workspace, settingsFile, stop };
}

/** The workbench URL that loads this repository as a development extension (and, optionally, runs a test index). */
export function workbenchUrl(
  server: CodeServer,
  options: { testsPath?: string; folder?: string; development?: boolean } = {},
): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload: [string, string][] =
    options.development === false ? [] : [["extensionDevelopmentPath", remote(REPO_ROOT)]];
  if (options.testsPath) payload.push(["extensionTestsPath", remote(options.testsPath)]);
  const opened = options.folder ?? server.workspace;
  const which = opened.endsWith(".code-workspace") ? "workspace" : "folder";
  return `http://127.0.0.1:${server.port}/?${which}=${encodeURIComponent(opened)}${payload.length > 0 ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ""}`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Helpers for extension-host tests: find the extension, open fixtures, wait on conditions (never sleep). */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import type { CascadeLensApi } from "../../src/extension/extension";

export async function extensionApi(): Promise<CascadeLensApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON.name === "cascade-lens");
  assert.ok(extension, "the Cascade Lens extension is loaded");
  return (await extension.activate()) as CascadeLensApi;
}

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "a workspace folder is open");
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** A fresh copy of an example under another name, opened as a document (not shown): a file no run has seen. */
export async function openCopyOf(
  example: string,
  name: string,
): Promise<{ uri: vscode.Uri; document: vscode.TextDocument }> {
  const uri = workspaceUri(name);
  fs.copyFileSync(workspaceUri(example).fsPath, uri.fsPath);
  return { uri, document: await vscode.workspace.openTextDocument(uri) };
}

export async function openRiskFile(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Cascade Lens");

export const codeOf = (diagnostic: vscode.Diagnostic): string =>
  typeof diagnostic.code === "object" ? String(diagnostic.code.value) : String(diagnostic.code);

export function rangeText(range: vscode.Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** Replaces the first occurrence of `search` in the document through a WorkspaceEdit (no save). */
export async function replaceInDocument(
  document: vscode.TextDocument,
  search: string,
  replacement: string,
): Promise<void> {
  const offset = document.getText().indexOf(search);
  assert.ok(offset >= 0, `"${search}" occurs in ${document.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(offset), document.positionAt(offset + search.length)),
    replacement,
  );
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** A file whose run takes seconds (a large synthetic book and its curve): long enough to act during it. */
export function heavyFile(name: string, count = 200_000): vscode.Uri {
  const file = {
    version: 1,
    name: "Heavy",
    assets: { WETH: { price: 3000, liquidity: { model: "sqrt", depthUsd: 50_000_000 } }, USDC: { price: 1 } },
    venues: [
      {
        name: "Pool",
        kind: "lending",
        markets: {
          WETH: { ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
          USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
        },
        insuranceFundUsd: 1_000_000,
        positions: { synthetic: { seed: 3, count, collateral: "WETH", debt: "USDC" } },
      },
    ],
    scenarios: [{ name: "ETH -30%", shocks: { WETH: -0.3 } }],
  };
  const uri = workspaceUri(name);
  fs.writeFileSync(uri.fsPath, JSON.stringify(file, null, 2));
  return uri;
}

/** The text of every hover at the first occurrence of `search` (two characters in). */
export async function hoverText(document: vscode.TextDocument, search: string): Promise<string> {
  const position = document.positionAt(document.getText().indexOf(search) + 2);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    "vscode.executeHoverProvider",
    document.uri,
    position,
  );
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
}

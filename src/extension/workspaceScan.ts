/**
 * Risk files that are not open: found by a scan of the workspace, started a moment after
 * activation (never on its path; the worker starts only if it finds one), then kept up by
 * file watchers whose events are gathered for a moment before they are sent. CSV files
 * changing on disk are passed on: the worker validates again only the files that read them.
 */
import * as vscode from "vscode";
import type { AnalysisClient } from "./analysisClient";
import { riskGlob } from "./riskDocuments";

const WORKSPACE_SCAN_LIMIT = 500;
const SCAN_DELAY_MS = 1500;
const EVENT_BATCH_MS = 200;

export class WorkspaceScan implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private scanTimer: NodeJS.Timeout | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  private created = new Map<string, vscode.Uri>();
  private changed = new Map<string, { uri: vscode.Uri; deleted: boolean }>();

  constructor(private readonly analysis: AnalysisClient) {}

  start(): void {
    const risks = vscode.workspace.createFileSystemWatcher(riskGlob());
    const books = vscode.workspace.createFileSystemWatcher("**/*.csv");
    this.disposables.push(
      risks,
      books,
      risks.onDidCreate((uri) => this.queue(() => this.created.set(uri.toString(), uri))),
      risks.onDidChange((uri) => this.queue(() => this.changed.set(uri.toString(), { uri, deleted: false }))),
      risks.onDidDelete((uri) => this.queue(() => this.changed.set(uri.toString(), { uri, deleted: true }))),
      books.onDidCreate((uri) => this.queue(() => this.changed.set(uri.toString(), { uri, deleted: false }))),
      books.onDidChange((uri) => this.queue(() => this.changed.set(uri.toString(), { uri, deleted: false }))),
      books.onDidDelete((uri) => this.queue(() => this.changed.set(uri.toString(), { uri, deleted: true }))),
      // A restarted worker knows no file on disk: scan again.
      this.analysis.onDidStartWorker(() => this.scheduleScan()),
    );
    if ((vscode.workspace.workspaceFolders?.length ?? 0) > 0) this.scheduleScan();
  }

  private scheduleScan(): void {
    clearTimeout(this.scanTimer);
    this.scanTimer = setTimeout(() => void this.scan(), SCAN_DELAY_MS);
  }

  private async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(riskGlob(), "**/node_modules/**", WORKSPACE_SCAN_LIMIT);
    if (uris.length > 0) this.analysis.diskFiles(uris);
  }

  private queue(record: () => void): void {
    record();
    if (this.batchTimer) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      const created = [...this.created.values()];
      const changed = [...this.changed.values()];
      this.created = new Map();
      this.changed = new Map();
      if (created.length > 0) this.analysis.diskFiles(created);
      for (const { uri, deleted } of changed) this.analysis.diskChanged(uri, deleted);
    }, EVENT_BATCH_MS);
  }

  dispose(): void {
    clearTimeout(this.scanTimer);
    clearTimeout(this.batchTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

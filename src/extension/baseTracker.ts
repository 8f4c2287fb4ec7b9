/**
 * Which base each open risk file is measured against. A file that sets
 * thresholds.stewardLimits is measured against git HEAD (CL040 as you type), refreshed when
 * HEAD moves; Compare with Git HEAD or File sets a base that is also run and overlaid,
 * until Stop Comparing.
 */
import * as vscode from "vscode";
import type { AnalysisClient } from "./analysisClient";
import { headText, repositoryOf } from "./gitHead";
import { isRiskDocument } from "./riskDocuments";

interface ChosenBase {
  label: string;
  /** null: git HEAD, fetched again when HEAD moves. */
  file: vscode.Uri | null;
  compare: boolean;
}

export class BaseTracker implements vscode.Disposable {
  private readonly chosen = new Map<string, ChosenBase>();
  private readonly watched = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly analysis: AnalysisClient,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    const consider = (document: vscode.TextDocument) => void this.considerSteward(document);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(consider),
      vscode.workspace.onDidSaveTextDocument(consider),
      vscode.workspace.onDidCloseTextDocument((document) => this.chosen.delete(document.uri.toString())),
    );
    for (const document of vscode.workspace.textDocuments) consider(document);
  }

  /** Compare: the base is run beside each simulation and overlaid in the panel. */
  async compareWithHead(document: vscode.TextDocument): Promise<string | undefined> {
    return this.useHead(document, true);
  }

  async compareWithFile(document: vscode.TextDocument, file: vscode.Uri): Promise<string | undefined> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch (error) {
      return `cannot read ${vscode.workspace.asRelativePath(file)}: ${(error as Error).message}`;
    }
    const label = vscode.workspace.asRelativePath(file);
    this.chosen.set(document.uri.toString(), { label, file, compare: true });
    this.analysis.setBase(document.uri, {
      text,
      label,
      filePath: file.scheme === "file" ? file.fsPath : null,
      compare: true,
    });
    return undefined;
  }

  /** Stop Comparing: back to HEAD for CL040 if the file sets steward limits, else no base. */
  stop(document: vscode.TextDocument): void {
    this.chosen.delete(document.uri.toString());
    this.analysis.setBase(document.uri, null);
    void this.considerSteward(document);
  }

  isComparing(uri: vscode.Uri): boolean {
    return this.chosen.get(uri.toString())?.compare ?? false;
  }

  private async considerSteward(document: vscode.TextDocument): Promise<void> {
    if (!isRiskDocument(document) || document.uri.scheme !== "file") return;
    const chosen = this.chosen.get(document.uri.toString());
    if (chosen && chosen.file !== null) return;
    if (!chosen && !document.getText().includes('"stewardLimits"')) return;
    const error = await this.useHead(document, chosen?.compare ?? false);
    if (error) this.log(`Steward limits of ${vscode.workspace.asRelativePath(document.uri)}: no base (${error}).`);
  }

  private async useHead(document: vscode.TextDocument, compare: boolean): Promise<string | undefined> {
    const head = await headText(document.uri);
    if ("error" in head) return head.error;
    const label = head.commit ? `HEAD (${head.commit.slice(0, 7)})` : "HEAD";
    this.chosen.set(document.uri.toString(), { label, file: null, compare });
    this.analysis.setBase(document.uri, { text: head.text, label, filePath: document.uri.fsPath, compare });
    await this.watchHead(document.uri);
    return undefined;
  }

  /** A commit or checkout moves HEAD: each file measured against it gets the new content. */
  private async watchHead(uri: vscode.Uri): Promise<void> {
    const repository = await repositoryOf(uri);
    if (typeof repository === "string" || this.watched.has(repository.rootUri.toString())) return;
    this.watched.add(repository.rootUri.toString());
    let commit = repository.state.HEAD?.commit;
    this.disposables.push(
      repository.state.onDidChange(() => {
        if (repository.state.HEAD?.commit === commit) return;
        commit = repository.state.HEAD?.commit;
        for (const document of vscode.workspace.textDocuments) {
          const chosen = this.chosen.get(document.uri.toString());
          if (chosen && chosen.file === null) void this.useHead(document, chosen.compare);
        }
      }),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

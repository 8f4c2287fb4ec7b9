/**
 * Which base each open risk file is measured against. A file that sets
 * thresholds.stewardLimits is measured against git HEAD (CL040 as you type), refreshed when
 * HEAD moves; Compare with Git HEAD or File sets a base that is also run and overlaid,
 * until Stop Comparing.
 */
import * as vscode from "vscode";
import type { AnalysisClient } from "./analysisClient";
import { headText, repositoryOf } from "./gitHead";

/** Git as the tracker uses it (the built-in git extension's API; a test gives its own). */
export interface HeadSource {
  readHead(uri: vscode.Uri): Promise<{ text: string; commit?: string } | { error: string }>;
  repositoryOf: typeof repositoryOf;
}

const GIT: HeadSource = { readHead: headText, repositoryOf };

interface ChosenBase {
  label: string;
  /** null: git HEAD, fetched again when HEAD moves. */
  file: vscode.Uri | null;
  compare: boolean;
}

export class BaseTracker implements vscode.Disposable {
  private readonly chosen = new Map<string, ChosenBase>();
  /** Files whose HEAD is being read (one read at a time per file). */
  private readonly reading = new Set<string>();
  /**
   * Files validated again while their HEAD was being read: if that read found no base (git
   * had not opened the repository yet, as just after start-up), HEAD is read once more, or
   * CL040 would stay missing until some later edit.
   */
  private readonly askedAgain = new Set<string>();
  private readonly watched = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly analysis: Pick<AnalysisClient, "onDidValidate" | "setBase">,
    private readonly log: (line: string) => void,
    private readonly git: HeadSource = GIT,
  ) {}

  /**
   * The worker says, with each validation, whether the file sets steward limits: the host
   * never reads a document's text to find out (a 20 MB file would be copied on every save).
   */
  start(): void {
    this.disposables.push(
      this.analysis.onDidValidate((validation) => void this.considerSteward(validation.uri, validation.stewardLimits)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.chosen.delete(document.uri.toString());
        this.askedAgain.delete(document.uri.toString());
      }),
    );
  }

  /** Compare: the base is run beside each simulation and overlaid in the panel. */
  async compareWithHead(document: vscode.TextDocument): Promise<string | undefined> {
    return this.useHead(document.uri, true);
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

  /** Stop Comparing: no base; the validation that follows brings HEAD back if the file sets steward limits. */
  stop(document: vscode.TextDocument): void {
    this.chosen.delete(document.uri.toString());
    this.analysis.setBase(document.uri, null);
  }

  /** A file that sets steward limits and has no base yet is measured against git HEAD. */
  private async considerSteward(key: string, stewardLimits: boolean): Promise<void> {
    if (!stewardLimits || this.chosen.has(key)) return;
    if (this.reading.has(key)) {
      this.askedAgain.add(key);
      return;
    }
    const uri = vscode.Uri.parse(key);
    if (uri.scheme !== "file") return;
    this.reading.add(key);
    let error: string | undefined;
    try {
      error = await this.useHead(uri, false);
      if (error) this.log(`Steward limits of ${vscode.workspace.asRelativePath(uri)}: no base (${error}).`);
    } finally {
      this.reading.delete(key);
    }
    if (this.askedAgain.delete(key) && error) await this.considerSteward(key, true);
  }

  private async useHead(uri: vscode.Uri, compare: boolean): Promise<string | undefined> {
    const head = await this.git.readHead(uri);
    if ("error" in head) return head.error;
    const label = head.commit ? `HEAD (${head.commit.slice(0, 7)})` : "HEAD";
    this.chosen.set(uri.toString(), { label, file: null, compare });
    this.analysis.setBase(uri, { text: head.text, label, filePath: uri.fsPath, compare });
    await this.watchHead(uri);
    return undefined;
  }

  /** A commit or checkout moves HEAD: each file measured against it gets the new content. */
  private async watchHead(uri: vscode.Uri): Promise<void> {
    const repository = await this.git.repositoryOf(uri);
    if (typeof repository === "string" || this.watched.has(repository.rootUri.toString())) return;
    this.watched.add(repository.rootUri.toString());
    let commit = repository.state.HEAD?.commit;
    this.disposables.push(
      repository.state.onDidChange(() => {
        if (repository.state.HEAD?.commit === commit) return;
        commit = repository.state.HEAD?.commit;
        for (const [key, chosen] of this.chosen)
          if (chosen.file === null) void this.useHead(vscode.Uri.parse(key), chosen.compare);
      }),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

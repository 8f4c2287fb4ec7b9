/**
 * The analysis worker's problems as diagnostics: on the risk file's exact nodes, and on
 * the lines of the CSV books it read (cleared when the file no longer puts them there).
 */
import * as vscode from "vscode";
import type { FileValidation } from "../shared/analysisProtocol";
import type { AnalysisClient } from "./analysisClient";
import { diagnosticsByUri } from "./diagnostics";

export class ProblemDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("cascade-lens");
  /** Per risk file, the other URIs (CSV books) it put diagnostics on, to clear them later. */
  private readonly bookUris = new Map<string, string[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    analysis: AnalysisClient,
    private readonly docsUri: vscode.Uri,
  ) {
    this.subscriptions = [
      this.collection,
      analysis.onDidValidate((validation) => this.show(validation)),
      analysis.onDidForget((uri) => this.clear(uri)),
    ];
  }

  private show(validation: FileValidation): void {
    const uri = vscode.Uri.parse(validation.uri);
    const key = uri.toString();
    for (const old of this.bookUris.get(key) ?? []) this.collection.delete(vscode.Uri.parse(old));
    const groups = diagnosticsByUri(uri, validation.problems, this.docsUri);
    if (!groups.has(key)) this.collection.set(uri, []);
    const others: string[] = [];
    for (const [groupKey, group] of groups) {
      this.collection.set(group.uri, group.diagnostics);
      if (groupKey !== key) others.push(groupKey);
    }
    this.bookUris.set(key, others);
  }

  private clear(key: string): void {
    this.collection.delete(vscode.Uri.parse(key));
    for (const old of this.bookUris.get(key) ?? []) this.collection.delete(vscode.Uri.parse(old));
    this.bookUris.delete(key);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** Above each scenario: Run, Show chart, and the last run's one-line outcome. */
import * as vscode from "vscode";
import { scenarioSummary } from "../analysis/summaries";
import type { SimulationController } from "./simulationController";
import type { AnalysisClient } from "./analysisClient";

export class ScenarioLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly analysis: AnalysisClient,
    private readonly simulation: SimulationController,
  ) {
    this.subscriptions = [
      this.changed,
      simulation.onDidSimulate(() => this.changed.fire()),
      analysis.onDidValidate(() => this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const validation = this.analysis.validation(document.uri);
    if (!validation) return [];
    const results = this.simulation.lastRun(document.uri)?.scenarios ?? [];
    // Where each scenario starts as of the last validation (a lens moves with the next one).
    return validation.scenarios.flatMap(({ name, line, character }) => {
      const start = new vscode.Position(line, character);
      const range = new vscode.Range(start, start);
      const lenses = [
        new vscode.CodeLens(range, {
          title: "$(play) Run",
          tooltip: `Simulate "${name}" and show its cascade path`,
          command: "cascadeLens.runScenario",
          arguments: [document.uri, name],
        }),
        new vscode.CodeLens(range, {
          title: "$(graph-line) Show chart",
          command: "cascadeLens.showCurves",
          arguments: [document.uri, name],
        }),
      ];
      const result = results.find((r) => r.name === name);
      if (result)
        lenses.push(
          new vscode.CodeLens(range, {
            title: scenarioSummary(result).slice(name.length + 2),
            tooltip: "Last simulation; click for the run log",
            command: "cascadeLens.showOutput",
          }),
        );
      return lenses;
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

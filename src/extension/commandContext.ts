/** What every command handler is built over (rust-analyzer's shape): one object, so handlers are testable and no module imports its caller. */
import type * as vscode from "vscode";
import type { AnalysisClient } from "./analysisClient";
import type { BaseTracker } from "./baseTracker";
import type { SimulationController } from "./simulationController";

export interface CommandContext {
  extensionUri: vscode.Uri;
  analysis: AnalysisClient;
  simulation: SimulationController;
  output: vscode.OutputChannel;
  bases: BaseTracker;
}

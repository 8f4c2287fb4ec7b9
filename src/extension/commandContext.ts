/** What every command handler is built over (rust-analyzer's shape): one object, so handlers are testable and no module imports its caller. */
import type * as vscode from "vscode";
import type { SimulationController } from "./simulationController";
import type { SweepPool } from "./sweepPool";
import type { ValidationController } from "./validationController";

export interface CommandContext {
  extensionUri: vscode.Uri;
  sweeps: SweepPool;
  validation: ValidationController;
  simulation: SimulationController;
  output: vscode.OutputChannel;
}

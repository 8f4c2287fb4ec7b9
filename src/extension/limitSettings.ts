/** The user's cascadeLens.limits.* for one file (folder settings win in a multi-root workspace). */
import * as os from "node:os";
import * as vscode from "vscode";
import type { RunLimits } from "../rules/runLimits";

export interface LimitSettings extends RunLimits {
  maxBookBytes: number;
  /** The host stops a run (its worker) after this long. */
  maxRunMs: number;
}

export const DEFAULT_LIMITS = { maxPositions: 10_000_000, maxRounds: 10_000, maxBookMb: 400, maxRunSeconds: 120 };

export function limitSettings(uri: vscode.Uri | undefined): LimitSettings {
  const settings = vscode.workspace.getConfiguration("cascadeLens.limits", uri);
  const positive = (key: keyof typeof DEFAULT_LIMITS) => {
    const value = settings.get<number>(key, DEFAULT_LIMITS[key]);
    // A hand-edited settings.json can hold anything; fall back rather than limit to nonsense.
    return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : DEFAULT_LIMITS[key];
  };
  return {
    maxPositions: positive("maxPositions"),
    maxRounds: positive("maxRounds"),
    maxBookBytes: positive("maxBookMb") * 1048576,
    maxRunMs: positive("maxRunSeconds") * 1000,
  };
}

/** cascadeLens.workerCount for one file: 0 (the default) or anything unusable is one per core, at most 64. */
export function workerCount(uri: vscode.Uri | undefined): number {
  const value = vscode.workspace.getConfiguration("cascadeLens", uri).get<number>("workerCount", 0);
  const count = Number.isInteger(value) && value > 0 ? value : os.cpus().length;
  return Math.max(1, Math.min(64, count));
}

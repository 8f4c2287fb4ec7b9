/**
 * Real configurations in, governance answers out: Import Protocol Config (the worker
 * converts, nothing is written over an existing file), Compare with Git HEAD or a File
 * (the panel overlays the base and its header shows the deltas), and Stop Comparing.
 */
import * as vscode from "vscode";
import { IMPORT_FORMATS } from "../import/formats";
import { CurvePanel } from "./curvePanel";
import { openNewRiskFile } from "./designerCommands";
import type { CommandContext } from "./commandContext";

const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export async function importProtocolConfig(
  context: CommandContext,
  format?: string,
  source?: vscode.Uri,
  target?: vscode.Uri,
): Promise<vscode.TextDocument | undefined> {
  const chosen =
    format ??
    (
      await vscode.window.showQuickPick(
        Object.values(IMPORT_FORMATS).map((i) => ({
          label: i.label,
          description: i.format,
          detail: i.detail,
          format: i.format,
        })),
        { title: "Import Protocol Config: which format?" },
      )
    )?.format;
  if (!chosen) return undefined;
  const file =
    source ??
    (
      await vscode.window.showOpenDialog({
        title: `Import ${chosen}`,
        canSelectMany: false,
        filters: { "Configuration (JSON, YAML cassette)": ["json", "yaml", "yml"] },
      })
    )?.[0];
  if (!file) return undefined;
  const stat = await vscode.workspace.fs.stat(file);
  if (stat.size > IMPORT_MAX_BYTES) {
    void vscode.window.showErrorMessage(
      `Cascade Lens: ${vscode.workspace.asRelativePath(file)} is too large to be a configuration file.`,
    );
    return undefined;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const sourceName = file.path.split("/").pop() ?? "source";
  const answer = await context.analysis.importConfig({ format: chosen, text, sourceName });
  if ("problems" in answer) {
    const first = answer.problems[0];
    const where = first ? ` (line ${first.line + 1}): ${first.message}` : "";
    context.output.appendLine(
      `Import of ${vscode.workspace.asRelativePath(file)} as ${chosen} failed; nothing was written.`,
    );
    for (const p of answer.problems)
      context.output.appendLine(`  line ${p.line + 1}, character ${p.character + 1}: ${p.message}`);
    void vscode.window.showErrorMessage(`Cascade Lens: cannot import ${sourceName} as ${chosen}${where}`);
    return undefined;
  }
  const document = await openNewRiskFile(answer.text, target, "an import");
  if (!document) return undefined;
  void vscode.window.showInformationMessage(
    `Cascade Lens: imported ${sourceName}; ${answer.placeholders} placeholder${answer.placeholders === 1 ? "" : "s"} to set (warnings CL050).`,
  );
  return document;
}

/** Starts (or refreshes) a comparison: the panel opens and one run gives both files' figures. */
async function compareAndShow(context: CommandContext, document: vscode.TextDocument): Promise<CurvePanel> {
  const panel = await CurvePanel.show(context, document, { runsItsOwn: true });
  await context.simulation.simulate(document);
  return panel;
}

export async function compareWithHead(
  context: CommandContext,
  document: vscode.TextDocument,
): Promise<CurvePanel | undefined> {
  const error = await context.bases.compareWithHead(document);
  if (error) {
    void vscode.window.showWarningMessage(`Cascade Lens: cannot compare with git HEAD: ${error}.`);
    return undefined;
  }
  return compareAndShow(context, document);
}

export async function compareWithFile(
  context: CommandContext,
  document: vscode.TextDocument,
  file?: vscode.Uri,
): Promise<CurvePanel | undefined> {
  const base =
    file ??
    (
      await vscode.window.showOpenDialog({
        title: "Compare with which risk file (the base)?",
        canSelectMany: false,
        filters: { "Risk files": ["json", "jsonc"] },
      })
    )?.[0];
  if (!base) return undefined;
  const error = await context.bases.compareWithFile(document, base);
  if (error) {
    void vscode.window.showWarningMessage(`Cascade Lens: ${error}.`);
    return undefined;
  }
  return compareAndShow(context, document);
}

export async function stopComparing(context: CommandContext, document: vscode.TextDocument): Promise<void> {
  context.bases.stop(document);
  await context.simulation.simulate(document);
}

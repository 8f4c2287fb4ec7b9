/**
 * The run log (output channel "Cascade Lens"), with every line made printable: names
 * and messages come from risk files, and a name holding a newline must not forge a line
 * of the log. Intended line breaks are separate appendLine calls.
 */
import type * as vscode from "vscode";
import { printable } from "../model/printable";

export function runLog(channel: vscode.OutputChannel): vscode.OutputChannel {
  const appendLine = channel.appendLine.bind(channel);
  const append = channel.append.bind(channel);
  channel.appendLine = (value: string) => appendLine(printable(value));
  channel.append = (value: string) => append(printable(value));
  return channel;
}

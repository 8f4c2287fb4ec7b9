/**
 * A file's content at git HEAD, through the built-in git extension's API (no shelling out:
 * the git extension already knows the repository, its HEAD and its credentials). Only the
 * few members used are typed here, as the git extension's README asks of its callers.
 */
import * as vscode from "vscode";
import { MAX_RISK_FILE_CHARS } from "../rules/validate";

interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string }; readonly onDidChange: vscode.Event<void> };
  show(ref: string, path: string): Promise<string>;
  getCommit(ref: string): Promise<{ readonly hash: string }>;
}

interface GitApi {
  readonly state: "uninitialized" | "initialized";
  readonly onDidChangeState: vscode.Event<"uninitialized" | "initialized">;
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

const INITIALIZE_MS = 15_000;

async function gitApi(): Promise<GitApi | string> {
  const extension = vscode.extensions.getExtension<GitExtension>("vscode.git");
  if (!extension) return "the built-in git extension is not available";
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports.enabled) return "git is disabled (setting git.enabled)";
  const api = exports.getAPI(1);
  if (api.state !== "initialized")
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, INITIALIZE_MS);
      const listener = api.onDidChangeState((state) => {
        if (state !== "initialized") return;
        clearTimeout(timer);
        listener.dispose();
        resolve();
      });
    });
  return api;
}

/** The repository holding `uri`, waiting a moment for git to open it after activation. */
export async function repositoryOf(uri: vscode.Uri): Promise<GitRepository | string> {
  const api = await gitApi();
  if (typeof api === "string") return api;
  const found = api.getRepository(uri);
  if (found) return found;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(api.getRepository(uri) ?? `${vscode.workspace.asRelativePath(uri)} is not in a git repository`);
    }, 5_000);
    const listener = api.onDidOpenRepository(() => {
      const repository = api.getRepository(uri);
      if (!repository) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(repository);
    });
  });
}

/** The file's text at HEAD and the commit, or why there is none (not tracked, not a repository, too large). */
export async function headText(uri: vscode.Uri): Promise<{ text: string; commit?: string } | { error: string }> {
  if (uri.scheme !== "file") return { error: "only files on disk have a git HEAD" };
  const repository = await repositoryOf(uri);
  if (typeof repository === "string") return { error: repository };
  // The repository's state may not be read yet just after it opens: ask git for HEAD's commit then.
  const commit =
    repository.state.HEAD?.commit ??
    (await repository.getCommit("HEAD").then(
      (c) => c.hash,
      () => undefined,
    ));
  let text: string;
  try {
    text = await repository.show("HEAD", uri.fsPath);
  } catch {
    return { error: `${vscode.workspace.asRelativePath(uri)} is not committed at HEAD` };
  }
  if (text.length > MAX_RISK_FILE_CHARS) return { error: "the file at HEAD is too large to compare" };
  return { text, commit };
}

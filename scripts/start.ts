/**
 * `npm start`: the product, as a user meets it. Runs the CLI on an example, then opens
 * VS Code (code-server) with the extension on a copy of the examples and prints the URL.
 * Runs until Ctrl-C.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { prepareWorkspace, REPO_ROOT, startCodeServer, workbenchUrl } from "../test/support/codeServer";

async function main(): Promise<void> {
  const cli = path.join(REPO_ROOT, "dist/cli.js");
  const example = path.join(REPO_ROOT, "media/examples/two-venues.risk.json");
  console.log(`$ cascade-lens simulate ${path.relative(REPO_ROOT, example)}`);
  console.log(execFileSync(process.execPath, [cli, "simulate", example], { encoding: "utf8" }));
  const workspace = prepareWorkspace(path.join(REPO_ROOT, "out/playground"));
  const server = await startCodeServer(workspace, path.join(REPO_ROOT, "out/code-server-playground"));
  console.log("VS Code with Cascade Lens is running on a copy of the examples (out/playground):");
  console.log(`  ${workbenchUrl(server)}`);
  console.log("Open that address in a browser. Ctrl-C stops it.");
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await new Promise(() => undefined);
}

main().catch((error) => {
  console.error(`cascade-lens start: ${(error as Error).message}`);
  process.exit(1);
});

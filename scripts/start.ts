/**
 * `npm start`: the product, as a user meets it. Runs the CLI on an example, then opens
 * VS Code (code-server) with the extension on a copy of the examples and prints the URL.
 * Runs until Ctrl-C. `npm start -- --port 8080` (or PORT=8080) picks the port.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { prepareWorkspace, REPO_ROOT, startCodeServer, workbenchUrl } from "../test/support/codeServer";

/** --port N, --port=N or PORT; undefined for a free port. */
function requestedPort(argv: readonly string[]): number | undefined {
  const index = argv.findIndex((arg) => arg === "--port" || arg.startsWith("--port="));
  const text = index < 0 ? process.env.PORT : argv[index].includes("=") ? argv[index].split("=")[1] : argv[index + 1];
  if (text === undefined || text === "") return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`the port must be a whole number from 1 to 65535 (is "${text}")`);
  return port;
}

async function main(): Promise<void> {
  const port = requestedPort(process.argv.slice(2));
  const cli = path.join(REPO_ROOT, "dist/cli.js");
  const example = path.join(REPO_ROOT, "media/examples/two-venues.risk.json");
  console.log(`$ cascade-lens simulate ${path.relative(REPO_ROOT, example)}`);
  console.log(execFileSync(process.execPath, [cli, "simulate", example], { encoding: "utf8" }));
  const workspace = prepareWorkspace(path.join(REPO_ROOT, "out/playground"), { fixtures: false });
  const server = await startCodeServer(workspace, path.join(REPO_ROOT, "out/code-server-playground"), { port });
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

/**
 * The analysis worker: one long-lived worker_threads thread beside the extension host,
 * which owns the risk files' texts, books and validation and starts the simulation
 * workers (see analysisService.ts). The host talks to it over one channel.
 */
import * as path from "node:path";
import { parentPort } from "node:worker_threads";
import { analysisToHost, hostToAnalysis } from "../shared/analysisProtocol";
import { Channel } from "../shared/channel";
import { AnalysisService, type HostChannel } from "./analysisService";
import { SimulationPool } from "./simulationPool";

const port = parentPort;
if (port) {
  const channel: HostChannel = new Channel(
    (message, transfer) => port.postMessage(message, transfer as never),
    analysisToHost,
    hostToAnalysis,
    (why) => channel.notify("log", { line: `The analysis worker refused a message: ${why}` }),
  );
  port.on("message", (message: unknown) => channel.receive(message));
  // The simulation worker's bundle sits beside this one in dist/.
  const pool = new SimulationPool(path.join(__dirname, "worker.js"), (line) => channel.notify("log", { line }));
  new AnalysisService(channel, pool);
}

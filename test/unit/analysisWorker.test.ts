/**
 * The built analysis worker (dist/analysisWorker.js) as the extension host talks to it:
 * documents synced by incremental changes, validation once per version, a simulation run
 * in a simulation worker with the same numbers as the engine called directly, and a
 * channel that refuses messages outside its protocol.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { after, describe, it } from "node:test";
import { simulateAll } from "../../src/analysis/analyses";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import { validateRiskText } from "../../src/rules/validate";
import { analysisToHost, hostToAnalysis, type FileValidation } from "../../src/shared/analysisProtocol";
import { Channel, type ChannelError } from "../../src/shared/channel";
import { temporaryDirectory } from "./support";

const WORKER = path.resolve(__dirname, "../../../dist/analysisWorker.js");
const EXAMPLE = path.resolve(__dirname, "../../../media/examples/two-venues.risk.json");
const limits = { maxPositions: 1e7, maxRounds: 1e4, maxBookBytes: 400 * 1048576 };

describe("the analysis worker", () => {
  const worker = new Worker(WORKER);
  const logs: string[] = [];
  const resyncs: string[] = [];
  const validations: FileValidation[] = [];
  const channel = new Channel<typeof hostToAnalysis, typeof analysisToHost>(
    (message) => worker.postMessage(message),
    hostToAnalysis,
    analysisToHost,
  );
  worker.on("message", (message: unknown) => channel.receive(message));
  channel.onNotification("log", ({ line }) => logs.push(line));
  channel.onNotification("resync", ({ uri }) => resyncs.push(uri));
  channel.onNotification("validated", (validation) => validations.push(validation));
  after(() => worker.terminate());
  const uri = `file://${EXAMPLE}`;
  const text = fs.readFileSync(EXAMPLE, "utf8");

  it("validates an opened file, applies incremental changes, and validates each version once", async () => {
    channel.notify("open", {
      uri,
      filePath: EXAMPLE,
      fileName: "two-venues.risk.json",
      version: 1,
      text,
      role: "risk",
      limits,
    });
    const first = await channel.request("validate", { uri });
    assert.equal(first.version, 1);
    assert.deepEqual(first.problems, []);
    assert.deepEqual(
      first.scenarios.map((s) => s.name),
      ["ETH -15%", "ETH -30%", "ETH -45%"],
    );
    // A typo typed in two keystrokes: "ltv" becomes "ltvx" then "ltvxy".
    const at = text.indexOf('"ltv"') + 4;
    channel.notify("change", { uri, version: 2, changes: [{ offset: at, length: 0, text: "x" }] });
    channel.notify("change", { uri, version: 3, changes: [{ offset: at + 1, length: 0, text: "y" }] });
    const typed = await channel.request("validate", { uri });
    assert.equal(typed.version, 3);
    assert.ok(
      typed.problems.some((p) => p.code === "CL002" && /ltvxy/.test(p.message)),
      JSON.stringify(typed.problems),
    );
    const stats = await channel.request("stats", {});
    assert.equal((await channel.request("validate", { uri })).version, 3);
    assert.equal(
      (await channel.request("stats", {})).validations,
      stats.validations,
      "an unchanged version is not validated again",
    );
    // Undo both keystrokes.
    channel.notify("change", { uri, version: 4, changes: [{ offset: at, length: 2, text: "" }] });
    assert.deepEqual((await channel.request("validate", { uri })).problems, []);
  });

  it("asks for the whole text when a change does not follow on from the version it holds", async () => {
    channel.notify("change", { uri, version: 9, changes: [{ offset: 0, length: 0, text: " " }] });
    await channel.request("stats", {});
    assert.deepEqual(resyncs, [uri]);
    assert.equal((await channel.request("validate", { uri })).version, 4);
  });

  it("simulates in a simulation worker with the engine's numbers, and places outcomes on the scenarios", async () => {
    const { result, outcomes } = await channel.request("simulate", {
      uri,
      jobs: {},
      timeoutMs: 60_000,
      warnAmplification: 1.5,
    });
    const expected = simulateAll(validateRiskText(text, fileBookReader(EXAMPLE)).resolved!);
    assert.deepEqual(result.scenarios, expected);
    assert.equal(outcomes.filter((p) => p.code === "CL100").length, 3);
    assert.ok(result.panel && result.curve);
  });

  it("refuses messages outside the protocol: unknown fields, unknown methods, a request for a file it does not hold", async () => {
    const forged = await channel
      .request("validate", { uri, injected: true } as never)
      .catch((error: ChannelError) => error);
    assert.equal((forged as ChannelError).reason, "invalid");
    await assert.rejects(channel.request("validate", { uri: "file:///nowhere.risk.json" }), /not an open risk file/);
    worker.postMessage({ kind: "notify", method: "open", params: { uri, text: "{}", injected: 1 } });
    worker.postMessage({ kind: "notify", method: "shutdown", params: {} });
    await channel.request("stats", {});
    assert.deepEqual(
      logs.map(
        (line) =>
          /injected|filePath|unknown notification: shutdown/.test(line) &&
          line.startsWith("The analysis worker refused a message"),
      ),
      [true, true, true],
      logs.join("\n"),
    );
    assert.equal((await channel.request("validate", { uri })).version, 4, "the forged open changed nothing");
  });
});

/** A fresh analysis worker and the host's end of its channel. */
function connect() {
  const worker = new Worker(WORKER);
  const channel = new Channel<typeof hostToAnalysis, typeof analysisToHost>(
    (message) => worker.postMessage(message),
    hostToAnalysis,
    analysisToHost,
  );
  worker.on("message", (message: unknown) => channel.receive(message));
  return { worker, channel };
}

describe("the skipped-run notice", () => {
  it("stands on the risk file's own first error, not at a CSV book's line numbers", async () => {
    const { worker, channel } = connect();
    try {
      const file = path.resolve(__dirname, "../../../test/fixtures/csv-book.risk.json");
      const uri = `file://${file}`;
      channel.notify("open", {
        uri,
        filePath: file,
        fileName: "csv-book.risk.json",
        version: 1,
        text: fs.readFileSync(file, "utf8"),
        role: "risk",
        limits,
      });
      const { result, outcomes } = await channel.request("simulate", {
        uri,
        jobs: {},
        timeoutMs: 60_000,
        warnAmplification: 1.5,
      });
      // The book's first problem is located in the CSV; its mirror on the `file` reference is in the risk file.
      assert.ok(result.blockingProblems[0].file !== undefined, "the first error is the CSV's");
      const mirror = result.blockingProblems.find((p) => p.file === undefined)!;
      assert.equal(outcomes.length, 1);
      assert.deepEqual(outcomes[0].range, mirror.range);
      assert.match(outcomes[0].message, /^Simulation skipped: the file has \d+ errors \(first: bad-book\.csv line/);
    } finally {
      await worker.terminate();
    }
  });
});

describe("a large run on several threads", () => {
  it("splits its curve and Monte Carlo over share threads with the same numbers, bit for bit, as one thread", async () => {
    const { worker, channel } = connect();
    const folder = temporaryDirectory("cascade-threads-");
    try {
      // 90,000 positions x 61 curve points and x 60 paths: past the size where a split pays.
      const file = path.join(folder, "large.risk.json");
      const text = JSON.stringify({
        version: 1,
        name: "large",
        assets: {
          WETH: { price: 3000, volatility: 0.6, liquidity: { model: "sqrt", depthUsd: 30_000_000 } },
          USDC: { price: 1 },
        },
        venues: [
          {
            name: "Pool",
            kind: "lending",
            markets: {
              WETH: { ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
              USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
            },
            insuranceFundUsd: 1_000_000,
            positions: { synthetic: { count: 90_000, seed: 3, collateral: "WETH", debt: "USDC" } },
          },
        ],
        scenarios: [{ name: "ETH -30%", shocks: { WETH: -0.3 } }],
      });
      fs.writeFileSync(file, text);
      const uri = `file://${file}`;
      channel.notify("open", {
        uri,
        filePath: file,
        fileName: "large.risk.json",
        version: 1,
        text,
        role: "risk",
        limits,
      });
      const runWith = async (threads: number) => {
        const { result } = await channel.request("simulate", {
          uri,
          jobs: { threads, monteCarlo: { paths: 60, seed: 7 } },
          timeoutMs: 300_000,
          warnAmplification: 1.5,
        });
        return result;
      };
      const one = await runWith(1);
      const two = await runWith(2);
      assert.ok(one.curve && one.curve.criticalShock !== null, "the curve reaches uncovered bad debt");
      assert.ok(one.monteCarlo && one.monteCarlo.uncoveredProbability > 0, "some paths leave uncovered bad debt");
      assert.deepEqual(two.curve, one.curve);
      assert.deepEqual(two.monteCarlo, one.monteCarlo);
      assert.deepEqual(two.panel?.charts, one.panel?.charts);
    } finally {
      await worker.terminate();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

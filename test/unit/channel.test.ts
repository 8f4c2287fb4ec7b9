/** The one request/reply channel: requests, progress, cancellation, timeouts, remote errors, a closed peer, and strict messages. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as z from "zod";
import { Channel, ChannelError, type Direction } from "../../src/shared/channel";

const clientToServer = {
  requests: {
    add: { params: z.strictObject({ a: z.number(), b: z.number() }), result: z.strictObject({ sum: z.number() }) },
    slow: { params: z.strictObject({ ms: z.number() }), result: z.strictObject({ done: z.boolean() }) },
    fail: { params: z.strictObject({}), result: z.strictObject({}) },
    forged: { params: z.strictObject({}), result: z.strictObject({ ok: z.boolean() }) },
  },
  notifications: { hello: z.strictObject({ name: z.string() }) },
} satisfies Direction;
const serverToClient = {
  requests: {},
  notifications: { log: z.strictObject({ line: z.string() }) },
} satisfies Direction;

/** Two ends joined by an asynchronous transport (as postMessage is), recording what breaks the protocol. */
function pair() {
  const invalid: string[] = [];
  const wire: unknown[] = [];
  const ends: { server?: Channel<typeof serverToClient, typeof clientToServer> } = {};
  const client = new Channel<typeof clientToServer, typeof serverToClient>(
    (message) => (wire.push(message), setImmediate(() => ends.server!.receive(message))),
    clientToServer,
    serverToClient,
    (why) => invalid.push(why),
  );
  const server = new Channel<typeof serverToClient, typeof clientToServer>(
    (message) => setImmediate(() => client.receive(message)),
    serverToClient,
    clientToServer,
    (why) => invalid.push(why),
  );
  ends.server = server;
  return { client, server, invalid, wire };
}

describe("the channel", () => {
  it("answers requests by id, with progress on the way, and delivers notifications", async () => {
    const { client, server } = pair();
    server.handle("add", ({ a, b }, { progress }) => (progress("adding", 0.5), { sum: a + b }));
    const heard: string[] = [];
    server.onNotification("hello", ({ name }) => heard.push(name));
    const progress: number[] = [];
    const [one, two] = await Promise.all([
      client.request("add", { a: 1, b: 2 }, { onProgress: (_, fraction) => progress.push(fraction) }),
      client.request("add", { a: 10, b: 20 }),
    ]);
    assert.deepEqual([one, two], [{ sum: 3 }, { sum: 30 }]);
    assert.deepEqual(progress, [0.5]);
    client.notify("hello", { name: "x" });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(heard, ["x"]);
    assert.equal(client.inFlight, 0);
  });

  it("a handler's error reaches the caller as a remote error with its message", async () => {
    const { client, server } = pair();
    server.handle("fail", () => {
      throw new Error("the file has errors");
    });
    await assert.rejects(
      client.request("fail", {}),
      (error: ChannelError) => error.reason === "remote" && error.message === "the file has errors",
    );
  });

  it("cancellation rejects at once and aborts the handler's signal; a late answer is dropped", async () => {
    const { client, server, wire } = pair();
    let aborted = false;
    server.handle(
      "slow",
      ({ ms }, { signal }) =>
        new Promise((resolve) => {
          signal.addEventListener("abort", () => (aborted = true));
          setTimeout(() => resolve({ done: true }), ms);
        }),
    );
    const cancel = new AbortController();
    const running = client.request("slow", { ms: 50 }, { signal: cancel.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    cancel.abort();
    await assert.rejects(running, (error: ChannelError) => error.reason === "cancelled");
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.ok(aborted, "the handler was told");
    assert.ok(wire.some((m) => (m as { kind: string }).kind === "cancel"));
    assert.equal(client.inFlight, 0);
  });

  it("a timeout rejects and cancels the request", async () => {
    const { client, server } = pair();
    server.handle("slow", ({ ms }) => new Promise((resolve) => setTimeout(() => resolve({ done: true }), ms)));
    await assert.rejects(
      client.request("slow", { ms: 200 }, { timeoutMs: 20 }),
      (error: ChannelError) => error.reason === "timeout",
    );
  });

  it("a closed peer fails every pending request, and later ones at once", async () => {
    const { client, server } = pair();
    server.handle("slow", ({ ms }) => new Promise((resolve) => setTimeout(() => resolve({ done: true }), ms)));
    const pending = client.request("slow", { ms: 100 });
    client.close("the worker stopped (exit code 1)");
    await assert.rejects(
      pending,
      (error: ChannelError) => error.reason === "closed" && /exit code 1/.test(error.message),
    );
    await assert.rejects(client.request("add", { a: 1, b: 1 }), (error: ChannelError) => error.reason === "closed");
  });

  it("refuses unknown fields both ways: in a request's params, in an answer, in a notification, in the envelope", async () => {
    const { client, server, invalid } = pair();
    server.handle("add", ({ a, b }) => ({ sum: a + b }));
    // A caller outside the types (another program) adds a field: the handler never runs.
    const forgedParams = client.request("add", { a: 1, b: 2, injected: true } as never);
    await assert.rejects(
      forgedParams,
      (error: ChannelError) => error.reason === "invalid" && /injected/.test(error.message),
    );
    // A handler that answers more than its schema names: the caller refuses the answer.
    server.handle("forged", () => ({ ok: true, extra: 1 }) as never);
    await assert.rejects(client.request("forged", {}), (error: ChannelError) => error.reason === "invalid");
    const heard: unknown[] = [];
    server.onNotification("hello", (params) => heard.push(params));
    server.receive({ kind: "notify", method: "hello", params: { name: "x", injected: 1 } });
    server.receive({ kind: "notify", method: "hello", params: { name: "x" }, injected: 1 });
    server.receive({ kind: "request", id: 99, method: "nothing", params: {} });
    assert.deepEqual(heard, []);
    assert.ok(invalid.length >= 4, invalid.join("\n"));
  });
});

/**
 * The one request/reply channel every boundary uses: extension host <-> analysis worker,
 * analysis worker <-> simulation workers, extension host <-> panel webview. Like a
 * language server's JSON-RPC connection, without the Language Server Protocol: numbered
 * requests with pending promises, progress, cancellation, timeouts and remote errors,
 * plus one-way notifications. Whatever arrives is validated with zod before anyone sees
 * it (the other side is another program), and the schemas are strict: a field one side
 * adds and the protocol does not name is an error, never silently dropped.
 *
 * Pure: no Node or DOM import, so the webview bundles it too. The caller wires the
 * transport: `post` sends, and every message received goes to `receive`.
 */
import * as z from "zod";

/** One method: what the caller sends and what the handler answers. */
export interface MethodSchema {
  params: z.ZodType;
  result: z.ZodType;
}

/** What one side may ask (requests) and tell (notifications) the other. */
export interface Direction {
  requests: Record<string, MethodSchema>;
  notifications: Record<string, z.ZodType>;
}

type Params<D extends Direction, M extends keyof D["requests"]> = z.input<D["requests"][M]["params"]>;
type Result<D extends Direction, M extends keyof D["requests"]> = z.output<D["requests"][M]["result"]>;

const id = z.number().int().nonnegative();
const envelopeSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("request"), id, method: z.string(), params: z.unknown() }),
  z.strictObject({ kind: z.literal("reply"), id, result: z.unknown() }),
  z.strictObject({
    kind: z.literal("error"),
    id,
    message: z.string(),
    reason: z.enum(["remote", "cancelled", "timeout", "closed", "invalid"]),
  }),
  z.strictObject({ kind: z.literal("progress"), id, message: z.string(), fraction: z.number() }),
  z.strictObject({ kind: z.literal("cancel"), id }),
  z.strictObject({ kind: z.literal("notify"), method: z.string(), params: z.unknown() }),
]);
type Envelope = z.infer<typeof envelopeSchema>;

export type FailureReason = "remote" | "cancelled" | "timeout" | "closed" | "invalid";

/** Why a request did not get its answer: the handler threw, it was cancelled or timed out, the other side went away, or a message broke the protocol. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly reason: FailureReason,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** Cancels this request: the other side's handler sees its signal abort, and the promise rejects ("cancelled"). */
  signal?: AbortSignal;
  /** Rejects ("timeout") and cancels the request after this long. */
  timeoutMs?: number;
  onProgress?(message: string, fraction: number): void;
  /** Buffers moved (not copied) with the request. */
  transfer?: readonly Transferable[];
}

export interface HandlerContext {
  /** Aborted when the caller cancels (or the channel closes). */
  signal: AbortSignal;
  progress(message: string, fraction: number): void;
}

export type Transport = (message: unknown, transfer?: readonly Transferable[]) => void;

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: ChannelError): void;
  onProgress?(message: string, fraction: number): void;
}

/** `Out`: what this side asks and tells; `In`: what the other side asks and tells. */
export class Channel<Out extends Direction, In extends Direction> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly running = new Map<number, AbortController>();
  private readonly handlers = new Map<string, (params: unknown, context: HandlerContext) => unknown>();
  private readonly listeners = new Map<string, (params: unknown) => void>();
  private closedWith: string | undefined;

  constructor(
    private readonly post: Transport,
    private readonly outgoing: Out,
    private readonly incoming: In,
    /** Told of every message that broke the protocol (logged by the owner; never thrown into the transport). */
    private readonly onInvalid: (why: string) => void = () => undefined,
  ) {}

  /** Requests in flight from this side (tests check none leak). */
  get inFlight(): number {
    return this.pending.size;
  }

  request<M extends keyof Out["requests"] & string>(
    method: M,
    params: Params<Out, M>,
    options: RequestOptions = {},
  ): Promise<Result<Out, M>> {
    if (this.closedWith !== undefined) return Promise.reject(new ChannelError(this.closedWith, "closed"));
    const requestId = this.nextId++;
    return new Promise<Result<Out, M>>((resolve, reject) => {
      const onAbort = () => this.abandon(requestId, new ChannelError("cancelled", "cancelled"));
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(
              () => this.abandon(requestId, new ChannelError(`no answer within ${options.timeoutMs} ms`, "timeout")),
              options.timeoutMs,
            );
      const settle = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      };
      this.pending.set(requestId, {
        method,
        resolve: (value) => (settle(), resolve(value as Result<Out, M>)),
        reject: (error) => (settle(), reject(error)),
        onProgress: options.onProgress,
      });
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener("abort", onAbort);
      this.send({ kind: "request", id: requestId, method, params }, options.transfer);
    });
  }

  notify<M extends keyof Out["notifications"] & string>(
    method: M,
    params: z.input<Out["notifications"][M]>,
    transfer?: readonly Transferable[],
  ): void {
    if (this.closedWith === undefined) this.send({ kind: "notify", method, params }, transfer);
  }

  /** Answers requests of `method`; a thrown error reaches the caller as a "remote" ChannelError with its message. */
  handle<M extends keyof In["requests"] & string>(
    method: M,
    handler: (
      params: z.output<In["requests"][M]["params"]>,
      context: HandlerContext,
    ) => Result<In, M> | Promise<Result<In, M>>,
  ): void {
    this.handlers.set(method, handler as (params: unknown, context: HandlerContext) => unknown);
  }

  onNotification<M extends keyof In["notifications"] & string>(
    method: M,
    listener: (params: z.output<In["notifications"][M]>) => void,
  ): void {
    this.listeners.set(method, listener as (params: unknown) => void);
  }

  /** Every message the transport delivers. */
  receive(raw: unknown): void {
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) return this.onInvalid(`a message outside the protocol: ${issueText(parsed.error)}`);
    const message = parsed.data;
    switch (message.kind) {
      case "request":
        return void this.serve(message.id, message.method, message.params);
      case "notify":
        return this.deliver(message.method, message.params);
      case "cancel":
        return this.running.get(message.id)?.abort();
      case "progress":
        return this.pending.get(message.id)?.onProgress?.(message.message, message.fraction);
      case "error":
        return this.settle(message.id, (pending) => pending.reject(new ChannelError(message.message, message.reason)));
      case "reply":
        return this.settle(message.id, (pending) => {
          const schema = this.outgoing.requests[pending.method]?.result;
          const result = schema?.safeParse(message.result);
          if (result?.success) pending.resolve(result.data);
          else {
            const why = `the answer to ${pending.method} broke the protocol: ${result ? issueText(result.error) : "unknown method"}`;
            this.onInvalid(why);
            pending.reject(new ChannelError(why, "invalid"));
          }
        });
    }
  }

  /** The other side is gone (a worker exited, a panel closed): every pending request fails with `reason`, later ones at once. */
  close(reason: string): void {
    this.closedWith ??= reason;
    for (const [requestId, pending] of [...this.pending]) {
      this.pending.delete(requestId);
      pending.reject(new ChannelError(reason, "closed"));
    }
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private abandon(requestId: number, error: ChannelError): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    pending.reject(error);
    if (this.closedWith === undefined) this.send({ kind: "cancel", id: requestId });
  }

  private settle(requestId: number, how: (pending: Pending) => void): void {
    const pending = this.pending.get(requestId);
    if (!pending) return; // cancelled or timed out already: a late answer is dropped
    this.pending.delete(requestId);
    how(pending);
  }

  private deliver(method: string, raw: unknown): void {
    const schema = this.incoming.notifications[method];
    const listener = this.listeners.get(method);
    if (!schema) return this.onInvalid(`an unknown notification: ${method}`);
    const params = schema.safeParse(raw);
    if (!params.success) return this.onInvalid(`notification ${method} broke the protocol: ${issueText(params.error)}`);
    listener?.(params.data);
  }

  private async serve(requestId: number, method: string, raw: unknown): Promise<void> {
    const schema = this.incoming.requests[method];
    const handler = this.handlers.get(method);
    if (!schema || !handler) return this.fail(requestId, `no handler for ${method}`, "invalid");
    const params = schema.params.safeParse(raw);
    if (!params.success) {
      const why = `request ${method} broke the protocol: ${issueText(params.error)}`;
      this.onInvalid(why);
      return this.fail(requestId, why, "invalid");
    }
    const controller = new AbortController();
    this.running.set(requestId, controller);
    try {
      const progress = (message: string, fraction: number) => {
        if (!controller.signal.aborted) this.send({ kind: "progress", id: requestId, message, fraction });
      };
      const result = await handler(params.data, { signal: controller.signal, progress });
      if (controller.signal.aborted) return this.fail(requestId, "cancelled", "cancelled");
      this.send({ kind: "reply", id: requestId, result }, transferablesOf(result));
    } catch (error) {
      const reason = error instanceof ChannelError ? error.reason : controller.signal.aborted ? "cancelled" : "remote";
      this.fail(requestId, (error as Error).message ?? String(error), reason);
    } finally {
      this.running.delete(requestId);
    }
  }

  private fail(requestId: number, message: string, reason: FailureReason): void {
    this.send({ kind: "error", id: requestId, message, reason });
  }

  private send(message: Envelope, transfer?: readonly Transferable[]): void {
    if (this.closedWith !== undefined) return;
    this.post(message, transfer);
  }
}

/**
 * Buffers a handler wants moved with its answer: it returns `withTransfer(result, buffers)`.
 * The marker is a non-enumerable property, so it never reaches the other side.
 */
const TRANSFER = Symbol("transfer");
export function withTransfer<T extends object>(value: T, buffers: readonly Transferable[]): T {
  Object.defineProperty(value, TRANSFER, { value: buffers, enumerable: false });
  return value;
}
function transferablesOf(value: unknown): readonly Transferable[] | undefined {
  return typeof value === "object" && value !== null
    ? (value as { [TRANSFER]?: readonly Transferable[] })[TRANSFER]
    : undefined;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  return `${issue.message}${where}`;
}

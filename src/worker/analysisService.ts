/**
 * What the analysis worker does, apart from its thread: it owns the open risk files'
 * texts (synced by version), their validations (once per version, debounced as typing
 * goes on), the one book store, the risk files found on disk, and the simulation workers
 * it hands resolved files to. The extension host only turns what it posts into
 * diagnostics, lenses and charts.
 */
import { getLocation } from "jsonc-parser";
import { curveAssetOf } from "../analysis/analyses";
import { BookStore, type BooksRead } from "../analysis/bookStore";
import { DocumentStore, type SyncedDocument } from "../analysis/documentStore";
import { readRegularFile, sizeText } from "../analysis/fileBookReader";
import { parameterInsight } from "../analysis/parameterInsight";
import { reportHtml } from "../analysis/reportHtml";
import { scenarioProblems } from "../analysis/scenarioOutcome";
import { sweepableFields } from "../analysis/sweepableFields";
import { untakenDebtProblems } from "../analysis/untakenDebt";
import { writtenScenarioNames, writtenWarnAmplification } from "../analysis/writtenFields";
import type { Problem } from "../model/problem";
import type { RiskFile } from "../model/schema";
import { fileForSimulation, forSimulation } from "../model/sharedBook";
import { keysInFileOrder } from "../parse/fileOrder";
import { capProblems, validateRiskText, type ResolvedRiskFile, type Validation } from "../rules/validate";
import { assembleComparison, comparisonSummary, runnableOnBase, sharedBooks } from "../analysis/comparison";
import { comparisonHover, samePath, withComparison } from "../analysis/comparisonPanel";
import { parameterChanges } from "../analysis/parameterDiff";
import { hasName } from "../model/names";
import type { JsonPath } from "../parse/jsonDocument";
import { stewardProblemsAgainst } from "../rules/stewardLimits";
import type { PreparedBook } from "../shared/simulationProtocol";
import { BaseFiles } from "./baseFiles";
import { importAnswer } from "./importAnswer";
import type { FileOutline, FileValidation, analysisToHost, hostToAnalysis } from "../shared/analysisProtocol";
import { ChannelError, type Channel } from "../shared/channel";
import type { AnalysisResult, ComparisonSummary, Limits } from "../shared/resultProtocol";
import type { Sweep2Request } from "../analysis/sweep2";
import { RunStopped, type SimulationPool } from "./simulationPool";

/** Documents larger than this are validated on open and save, not on every pause in typing (nor from disk). */
export const LIVE_VALIDATION_MAX_CHARS = 20 * 1024 * 1024;
/** The pause in typing after which a document is validated (as VS Code's own JSON validation waits). */
const TYPING_PAUSE_MS = 300;

export type HostChannel = Channel<typeof analysisToHost, typeof hostToAnalysis>;

/** A risk file known from disk only (the workspace scan and watcher). */
interface DiskFile {
  uri: string;
  filePath: string | null;
  fileName: string;
  limits: Limits;
}

interface Latest {
  version: number | null;
  validation: Validation;
  summary: FileValidation;
  read: BooksRead;
  /** CSV books read, by location: a change to one of them revalidates this file. */
  locations: Set<string>;
  fresh: boolean;
}

export class AnalysisService {
  private readonly documents = new DocumentStore();
  private readonly diskFiles = new Map<string, DiskFile>();
  private readonly books = new BookStore((location) => this.documents.at(location));
  private readonly latest = new Map<string, Latest>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastRuns = new Map<string, { result: AnalysisResult; file: RiskFile; fileName: string }>();
  private readonly bases = new BaseFiles(this.books, (line) => this.log(line));
  /** The last comparison run per file, and the version it ran on (hovers say when it is older). */
  private readonly comparisons = new Map<string, { summary: ComparisonSummary; version: number | null }>();
  private validations = 0;

  constructor(
    private readonly channel: HostChannel,
    private readonly pool: SimulationPool,
  ) {
    channel.onNotification("open", (document) => this.open(document));
    channel.onNotification("change", ({ uri, version, changes }) => this.change(uri, version, changes));
    channel.onNotification("save", ({ uri }) => this.schedule(uri, 0));
    channel.onNotification("close", ({ uri }) => this.close(uri));
    channel.onNotification("diskFiles", ({ files }) => this.addDiskFiles(files));
    channel.onNotification("diskChanged", ({ uri, filePath, deleted }) => this.diskChanged(uri, filePath, deleted));
    channel.onNotification("limits", ({ uri, limits }) => this.setLimits(uri, limits));
    channel.onNotification("base", ({ uri, base }) => {
      this.bases.set(uri, base);
      this.comparisons.delete(uri);
      this.stale(uri);
      this.schedule(uri, 0);
    });
    channel.handle("validate", ({ uri }) => this.validated(uri).summary);
    channel.handle("hover", ({ uri, offset }) => ({ lines: this.hover(uri, offset) }));
    channel.handle("outline", ({ uri }) => this.outline(uri));
    channel.handle("simulate", (params, context) => this.simulate(params.uri, params, context));
    channel.handle("sweep", (params, { signal }) => this.sweep(params.uri, params, signal));
    channel.handle("sweep2", (params, { signal }) => this.sweep2(params.uri, params, signal));
    channel.handle("report", ({ uri, images, generatedAt }) => this.report(uri, images, generatedAt));
    channel.handle("importConfig", ({ format, text, sourceName }) => importAnswer(format, text, sourceName));
    channel.handle("stats", () => ({
      simulationWorkersStarted: pool.started,
      simulationWorkersExited: pool.exited,
      sweepWorkersStarted: pool.sweepStarted,
      running: pool.running,
      bookLoads: this.books.loads,
      validations: this.validations,
      documents: this.documents.size,
    }));
  }

  private log(line: string): void {
    this.channel.notify("log", { line });
  }

  private open(document: SyncedDocument): void {
    this.documents.open(document);
    if (document.role === "risk") {
      this.stale(document.uri);
      this.schedule(document.uri, 0);
    } else this.bookChanged(document.filePath ?? document.uri);
  }

  private change(uri: string, version: number, changes: Parameters<DocumentStore["change"]>[2]): void {
    if (!this.documents.change(uri, version, changes)) return this.channel.notify("resync", { uri });
    const document = this.documents.get(uri)!;
    if (document.role === "book") return this.bookChanged(document.filePath ?? uri);
    this.stale(uri);
    if (document.text.length <= LIVE_VALIDATION_MAX_CHARS) this.schedule(uri, TYPING_PAUSE_MS);
  }

  private close(uri: string): void {
    const document = this.documents.close(uri);
    if (document?.role === "book") return this.bookChanged(document.filePath ?? uri);
    // A closed risk file's problems go with it (a file deleted on disk while open kept them until now).
    this.forget(uri);
  }

  private forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.latest.delete(uri);
    this.lastRuns.delete(uri);
    this.bases.forget(uri);
    this.comparisons.delete(uri);
    this.diskFiles.delete(uri);
    this.books.release(uri);
    this.channel.notify("forgotten", { uri });
  }

  private addDiskFiles(files: DiskFile[]): void {
    for (const file of files) {
      if (this.documents.get(file.uri)) continue;
      this.diskFiles.set(file.uri, file);
      this.stale(file.uri);
      this.schedule(file.uri, 0);
    }
  }

  private diskChanged(uri: string, filePath: string | null, deleted: boolean): void {
    this.bookChanged(filePath ?? uri);
    if (!this.diskFiles.has(uri) || this.documents.get(uri)) return;
    if (deleted) this.forget(uri);
    else {
      this.stale(uri);
      this.schedule(uri, 0);
    }
  }

  private setLimits(uri: string, limits: Limits): void {
    const known = this.documents.get(uri) ?? this.diskFiles.get(uri);
    if (!known) return;
    known.limits = limits;
    this.stale(uri);
    this.schedule(uri, 0);
  }

  /** A CSV changed or went away: what was parsed from it goes, and only the risk files that read it are validated again. */
  private bookChanged(location: string): void {
    this.books.invalidate(location);
    for (const [uri, latest] of this.latest) {
      if (!latest.locations.has(location)) continue;
      this.stale(uri);
      this.schedule(uri, TYPING_PAUSE_MS);
    }
  }

  private stale(uri: string): void {
    const latest = this.latest.get(uri);
    if (latest) latest.fresh = false;
  }

  private schedule(uri: string, delayMs: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.validateKnown(uri);
      }, delayMs),
    );
  }

  /** Validates a tracked file unless its latest validation still holds; undefined for a file it no longer knows or cannot read. */
  private validateKnown(uri: string): Latest | undefined {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const source = this.source(uri);
    if (!source) return undefined;
    const cached = this.latest.get(uri);
    if (cached?.fresh && cached.version === source.version) return cached;
    this.channel.notify("validating", { uri });
    const started = performance.now();
    const read: BooksRead = new Map();
    const locations = new Set<string>();
    const reader = this.books.reader(
      { filePath: source.filePath, uri },
      source.limits.maxBookBytes,
      source.limits.maxPositions,
      read,
      locations,
    );
    const validation = validateRiskText(source.text, reader, source.limits);
    const elapsedMs = performance.now() - started;
    this.validations++;
    // Like vscode-eslint: tell the user when validation itself becomes the slow part.
    if (elapsedMs > 1000) this.log(`Validation of ${source.fileName} took ${elapsedMs.toFixed(0)} ms.`);
    // CL040: steward limits against the base (git HEAD, or what Compare chose).
    const base = validation.resolved && this.bases.resolved(uri, source.limits);
    const label = this.bases.get(uri)?.label ?? "the base";
    const steward = base && validation.resolved ? stewardProblemsAgainst(base, validation.resolved, label) : [];
    const summary: FileValidation = {
      uri,
      version: source.version,
      problems: steward.length > 0 ? capProblems([...validation.problems, ...steward]) : validation.problems,
      simulatable: validation.resolved !== undefined && !validation.problems.some((p) => p.severity === "error"),
      scenarios: writtenScenarioNames(validation.doc).flatMap((name, index) => {
        const node = name === undefined ? undefined : validation.doc.nodeAt(["scenarios", index]);
        return node && name !== undefined ? [{ name, ...validation.doc.lines.positionAt(node.offset) }] : [];
      }),
      booksRead: [...locations],
      stewardLimits: validation.resolved?.file.thresholds.stewardLimits !== undefined,
      elapsedMs,
    };
    const latest = { version: source.version, validation, summary, read, locations, fresh: true };
    this.latest.set(uri, latest);
    this.channel.notify("validated", summary);
    return latest;
  }

  /** The text of a tracked file: the editor's, or the disk's (regular files within the live size only). */
  private source(
    uri: string,
  ): { text: string; version: number | null; filePath: string | null; fileName: string; limits: Limits } | undefined {
    const open = this.documents.get(uri);
    if (open) return open.role === "risk" ? open : undefined;
    const disk = this.diskFiles.get(uri);
    if (!disk || disk.filePath === null) return undefined;
    // A pipe named *.risk.json would hold the read open forever; a file too large to validate as typed is validated when opened.
    const read = readRegularFile(
      disk.filePath,
      LIVE_VALIDATION_MAX_CHARS,
      (size) =>
        `${disk.fileName} is ${size === "grew" ? "growing" : sizeText(size)}; it is validated when it is opened`,
    );
    if ("error" in read) {
      this.log(
        /not a regular file/.test(read.error) ? `${disk.fileName} is not a regular file; it was not read.` : read.error,
      );
      return undefined;
    }
    return { ...disk, text: read.text, version: null };
  }

  /** The latest validation of a file, made now if it is stale; for requests, which name files the host has open. */
  private validated(uri: string): Latest {
    const latest = this.validateKnown(uri);
    if (!latest) throw new Error(`${uri} is not an open risk file`);
    return latest;
  }

  private hover(uri: string, offset: number): string[] {
    const { validation, version } = this.validated(uri);
    if (!validation.resolved) return [];
    const path = getLocation(validation.doc.text, offset).path;
    return [
      ...this.changeHover(uri, validation.resolved, path, version),
      ...parameterInsight(validation.resolved, path),
    ];
  }

  /** A parameter changed against the base: its old value, and what the change does (the last compared run). */
  private changeHover(uri: string, resolved: ResolvedRiskFile, path: JsonPath, version: number | null): string[] {
    const limits = this.documents.get(uri)?.limits;
    const base = limits && this.bases.resolved(uri, limits);
    if (!base) return [];
    const change = parameterChanges(base.file, resolved.file).find((c) => samePath(path, c.at));
    if (!change) return [];
    const compared = this.comparisons.get(uri);
    return comparisonHover(change, this.bases.get(uri)!.label, compared?.summary, compared?.version !== version);
  }

  private outline(uri: string): FileOutline | null {
    const { validation, summary } = this.validated(uri);
    const resolved = validation.resolved;
    if (!resolved || !summary.simulatable) return null;
    const { file, doc } = resolved;
    return {
      scenarios: file.scenarios.map((scenario) => ({ name: scenario.name, shocks: { ...scenario.shocks } })),
      assets: keysInFileOrder(doc, ["assets"], file.assets).map((name) => ({
        name,
        ...(file.assets[name].volatility === undefined ? {} : { volatility: file.assets[name].volatility }),
      })),
      curve: { asset: curveAssetOf(resolved), maxDrawdown: file.simulation.curve.maxDrawdown },
      sweepable: sweepableFields(file),
    };
  }

  private async simulate(
    uri: string,
    params: { jobs: Parameters<SimulationPool["run"]>[0]["jobs"]; timeoutMs: number; warnAmplification: number },
    context: { signal: AbortSignal; progress(message: string, fraction: number): void },
  ): Promise<{ result: AnalysisResult; outcomes: Problem[] }> {
    const { validation, summary } = this.validated(uri);
    const fileName = this.documents.get(uri)?.fileName ?? uri;
    const skipped = (blockingProblems: Problem[]): AnalysisResult => ({
      blockingProblems,
      scenarios: [],
      curve: null,
      panel: null,
      positions: 0,
      elapsedMs: 0,
    });
    const resolved = validation.resolved;
    if (!resolved || !summary.simulatable) {
      const errors = validation.problems.filter((p) => p.severity === "error");
      // Validation already shows each error; the outcome says only that the run was skipped, on the first error in
      // the risk file itself (a CSV book's problems are mirrored on its `file` reference; their own ranges are CSV lines).
      const first = errors.find((p) => p.file === undefined) ?? errors[0];
      const notice: Problem | undefined = first && {
        code: "CL100",
        severity: "information",
        message: `Simulation skipped: the file has ${errors.length} error${errors.length === 1 ? "" : "s"} (first: ${first.message})`,
        range:
          first.file === undefined ? first.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      };
      return { result: skipped(errors), outcomes: notice ? [notice] : [] };
    }
    let output;
    try {
      output = await this.pool.run(
        {
          fileName,
          file: fileForSimulation(resolved.file),
          books: resolved.books.map(forSimulation),
          curveAsset: curveAssetOf(resolved),
          jobs: params.jobs,
        },
        { timeoutMs: params.timeoutMs, signal: context.signal, onProgress: context.progress },
      );
    } catch (error) {
      if (error instanceof RunStopped && /^cancelled/.test(error.message))
        throw new ChannelError(error.message, "cancelled");
      throw error;
    }
    if ("simulationError" in output) {
      // What only the simulation finds (a price driven to 0, an overflow) is an error on the parameter that caused it.
      const problem: Problem = {
        code: "CL002",
        severity: "error",
        message: output.simulationError.message,
        range: validation.doc.rangeOf(output.simulationError.path),
      };
      return {
        result: { ...skipped([problem]), positions: resolved.books.reduce((sum, book) => sum + book.ids.length, 0) },
        outcomes: [problem],
      };
    }
    const result = await this.withBase(uri, resolved, { blockingProblems: [], ...output }, fileName, params, context);
    this.lastRuns.set(uri, { result, file: resolved.file, fileName });
    // The file's threshold wins; the editor's setting is the default for files that set none.
    const warnAmplification = writtenWarnAmplification(validation.doc) ?? params.warnAmplification;
    const names = writtenScenarioNames(validation.doc).map((name) => String(name));
    const outcomes = [
      ...scenarioProblems(validation.doc, names, result.scenarios, warnAmplification),
      ...untakenDebtProblems(validation.doc, resolved.file, result.scenarios, result.curve),
    ];
    return { result, outcomes };
  }

  /**
   * Compare: the base runs the file's scenarios over the same books (comparison.ts), and
   * the result carries the comparison and the panel its overlay. A base that cannot run
   * leaves the run as it is, said in the log.
   */
  private async withBase(
    uri: string,
    resolved: ResolvedRiskFile,
    result: AnalysisResult,
    fileName: string,
    params: { timeoutMs: number },
    context: { signal: AbortSignal; progress(message: string, fraction: number): void },
  ): Promise<AnalysisResult> {
    const document = this.documents.get(uri);
    const chosen = this.bases.get(uri);
    if (!chosen?.compare || !document || !result.panel) return result;
    const base = this.bases.resolved(uri, document.limits);
    if (!base) return result;
    const { books, ownBooks } = sharedBooks(base, resolved);
    const { runnable } = runnableOnBase(base.file, resolved.file);
    const curveAsset = result.curve?.asset ?? curveAssetOf(resolved);
    const sameAsset = hasName(base.file.assets, curveAsset);
    context.progress(`the base, ${chosen.label}`, 0.95);
    let output;
    try {
      output = await this.pool.run(
        {
          fileName: `${fileName} at ${chosen.label}`,
          file: fileForSimulation({ ...base.file, scenarios: runnable }),
          books: books.map(forSimulation),
          curveAsset: sameAsset ? curveAsset : curveAssetOf(base),
          jobs: {},
        },
        { timeoutMs: params.timeoutMs, signal: context.signal },
      );
    } catch (error) {
      // As the file's own run: a newer run or Cancel ends this one quietly (the newer one compares again).
      if (error instanceof RunStopped && /^cancelled/.test(error.message))
        throw new ChannelError(error.message, "cancelled");
      throw error;
    }
    if ("simulationError" in output) {
      this.log(`The base ${chosen.label} could not be simulated: ${output.simulationError.message}`);
      return result;
    }
    const names = new Set(resolved.file.scenarios.map((s) => s.name));
    const comparison = assembleComparison({
      base: base.file,
      next: resolved.file,
      baseResults: output.scenarios,
      newResults: result.scenarios.filter((s) => names.has(s.name)),
      baseCurve: sameAsset ? output.curve : null,
      newCurve: result.curve,
      curveAsset,
      ownBooks,
    });
    const summary = comparisonSummary(comparison, chosen.label);
    this.comparisons.set(uri, { summary, version: document.version });
    return { ...result, comparison: summary, panel: withComparison(result.panel, comparison, chosen.label) };
  }

  /** What a sweep's workers read: the validated text and the books it read (each point is validated again there). */
  private sweepInput(
    uri: string,
  ): { error: string } | { text: string; fileName: string; books: PreparedBook[]; limits: Limits } {
    const latest = this.validated(uri);
    if (!latest.summary.simulatable) {
      const first = latest.validation.problems.find((p) => p.severity === "error");
      return { error: `the file has errors (first: ${first?.message ?? "it cannot be simulated"})` };
    }
    const source = this.source(uri)!;
    return {
      text: latest.validation.doc.text,
      fileName: source.fileName,
      books: this.books.prepared(latest.read),
      limits: source.limits,
    };
  }

  private async sweep(
    uri: string,
    params: { sweep: { param: string; from: number; to: number; steps: number }; workers: number; timeoutMs: number },
    signal: AbortSignal,
  ) {
    const input = this.sweepInput(uri);
    if ("error" in input) return input;
    return this.pool.sweep({ ...input, sweep: params.sweep }, params.workers, { timeoutMs: params.timeoutMs, signal });
  }

  private async sweep2(
    uri: string,
    params: { sweep2: Omit<Sweep2Request, "slice">; workers: number; timeoutMs: number },
    signal: AbortSignal,
  ) {
    const input = this.sweepInput(uri);
    if ("error" in input) return input;
    return this.pool.sweep2({ ...input, sweep2: params.sweep2 }, params.workers, {
      timeoutMs: params.timeoutMs,
      signal,
    });
  }

  private report(
    uri: string,
    images: { chartId: string; title: string; dataUrl: string }[],
    generatedAt: string,
  ): { html: string } | null {
    const last = this.lastRuns.get(uri);
    if (!last) return null;
    const { result, file, fileName } = last;
    return {
      html: reportHtml({
        fileName,
        file,
        scenarios: result.scenarios,
        criticalShock: result.curve ? { asset: result.curve.asset, value: result.curve.criticalShock } : null,
        images,
        generatedAt: new Date(generatedAt),
      }),
    };
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.pool.dispose();
  }
}

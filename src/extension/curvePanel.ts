/**
 * The liquidation-curve panel: one per risk file, beside the editor. It owns its
 * disposables, follows the file's simulations (running, fresh, stale on errors), and is
 * revived after a restart by the serializer (its state is the file's URI).
 */
import { SWEEP_CHART_PREFIX } from "../analysis/panelModel";
import * as vscode from "vscode";
import { chartCsv, exportFileName } from "../analysis/chartCsv";
import type { PanelModel } from "../shared/chartModel";
import { Channel } from "../shared/channel";
import { hostToWebview, panelStateSchema, webviewToHost, type PanelView } from "../shared/panelProtocol";
import type { AnalysisClient } from "./analysisClient";
import { panelHtml } from "./panelHtml";
import type { SimulationController } from "./simulationController";

export const PANEL_VIEW_TYPE = "cascadeLens.curves";

export interface PanelDependencies {
  extensionUri: vscode.Uri;
  simulation: SimulationController;
  analysis: AnalysisClient;
}

export class CurvePanel implements vscode.Disposable {
  private static readonly panels = new Map<string, CurvePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private model: PanelModel | undefined;
  private lastView: PanelView | undefined;
  private ready = false;
  private readonly whenReady: (() => void)[] = [];
  /** The one channel to the webview (channel.ts): anything outside its protocol is refused. */
  private readonly webview: Channel<typeof hostToWebview, typeof webviewToHost>;

  /**
   * Opens (or reveals) the panel of a risk file and makes sure it has results: the last
   * run's, or a new run, unless the caller starts its own (`runsItsOwn`), which would
   * otherwise cancel the panel's a moment after it started.
   */
  static async show(
    deps: PanelDependencies,
    document: vscode.TextDocument,
    options: { runsItsOwn?: boolean } = {},
  ): Promise<CurvePanel> {
    const key = document.uri.toString();
    const existing = CurvePanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      CurvePanel.title(document.uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      CurvePanel.options(deps.extensionUri),
    );
    const curvePanel = new CurvePanel(panel, deps, document.uri);
    const last = deps.simulation.lastRun(document.uri);
    if (last?.panel) curvePanel.showModel(last.panel);
    else if (!options.runsItsOwn) void deps.simulation.simulate(document);
    return curvePanel;
  }

  static revive(panel: vscode.WebviewPanel, state: unknown, deps: PanelDependencies): void {
    const parsed = panelStateSchema.safeParse(state);
    if (!parsed.success) {
      panel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(parsed.data.uri);
    panel.webview.options = CurvePanel.options(deps.extensionUri);
    new CurvePanel(panel, deps, uri);
    void vscode.workspace.openTextDocument(uri).then(
      (document) => deps.simulation.simulate(document),
      () => undefined,
    );
  }

  static forUri(uri: vscode.Uri): CurvePanel | undefined {
    return CurvePanel.panels.get(uri.toString());
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    // Only the built script and the stylesheet may load; state lives in setState, not in a hidden-but-alive webview.
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
    };
  }

  private static title(uri: vscode.Uri): string {
    return `Cascade: ${uri.path.split("/").pop()}`;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    deps: PanelDependencies,
    private readonly uri: vscode.Uri,
  ) {
    CurvePanel.panels.set(uri.toString(), this);
    this.webview = new Channel((message) => void panel.webview.postMessage(message), hostToWebview, webviewToHost);
    this.webview.onNotification("ready", () => this.onReady());
    this.webview.onNotification(
      "exportPng",
      (message) =>
        void this.save(
          exportFileName(this.uri.path, message.title, "png"),
          { "PNG image": ["png"] },
          Buffer.from(message.dataUrl.slice("data:image/png;base64,".length), "base64"),
        ),
    );
    this.webview.onNotification("exportCsv", (message) => {
      const chart =
        this.model &&
        [...this.model.charts, ...Object.values(this.model.paths)].find(
          (c) => c.id === message.chartId && c.title === message.title,
        );
      if (chart)
        void this.save(
          exportFileName(this.uri.path, chart.title, "csv"),
          { CSV: ["csv"] },
          Buffer.from(chartCsv(chart), "utf8"),
        );
    });
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, "media", "icon.png");
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.webview.receive(raw)),
      deps.simulation.onDidStartRun((runUri) => {
        if (runUri.toString() === this.uri.toString()) this.post({ type: "running", fileName: this.fileName });
      }),
      deps.simulation.onDidSimulate(({ uri: runUri, result }) => {
        if (runUri.toString() !== this.uri.toString()) return;
        // A sweep's charts stay until the next sweep: a save re-simulates the file, it does not re-sweep it.
        if (result.panel)
          this.showModel({
            ...result.panel,
            charts: [...this.sweepCharts(), ...result.panel.charts.filter((c) => !c.id.startsWith(SWEEP_CHART_PREFIX))],
          });
        else
          this.showProblems(
            result.blockingProblems.map((p) => `${p.code} line ${p.range.start.line + 1}: ${p.message}`),
          );
      }),
      deps.analysis.onDidValidate((validation) => {
        if (validation.uri !== this.uri.toString()) return;
        const errors = validation.problems
          .filter((p) => p.severity === "error")
          .map((p) => `${p.code} line ${p.range.start.line + 1}: ${p.message}`);
        if (errors.length > 0) this.showProblems(errors);
        else if (this.lastView?.type === "show" && this.lastView.errors.length > 0) this.showProblems([]);
      }),
    );
  }

  /** Every chart as a PNG data URL, rendered by the webview (Export Report). */
  async collectImages(timeoutMs = 30_000): Promise<{ chartId: string; title: string; dataUrl: string }[]> {
    if (!this.ready) await new Promise<void>((resolve) => this.whenReady.push(resolve));
    return (await this.webview.request("collectImages", {}, { timeoutMs })).images;
  }

  /** A sweep's charts, in place of the previous sweep's. */
  showSweep(charts: PanelModel["charts"]): void {
    if (!this.model) return;
    this.showModel({
      ...this.model,
      charts: [...charts, ...this.model.charts.filter((c) => !c.id.startsWith(SWEEP_CHART_PREFIX))],
    });
  }

  private sweepCharts(): PanelModel["charts"] {
    return this.model?.charts.filter((c) => c.id.startsWith(SWEEP_CHART_PREFIX)) ?? [];
  }

  /** Shows a scenario's cascade path (Run Scenario). */
  select(scenario: string): void {
    if (this.ready) this.webview.notify("select", { scenario });
  }

  /** The message last sent (tests read it to know what the panel shows). */
  get shown(): PanelView | undefined {
    return this.lastView;
  }

  private get fileName(): string {
    return vscode.workspace.asRelativePath(this.uri);
  }

  private showModel(model: PanelModel): void {
    this.model = model;
    this.post({ type: "show", model, freshness: "fresh", errors: [] });
  }

  /** Errors keep the last good charts, marked stale, or say what is wrong when there are none. */
  private showProblems(errors: string[]): void {
    if (this.model) this.post({ type: "show", model: this.model, freshness: "stale", errors });
    else this.post({ type: "problems", fileName: this.fileName, errors });
  }

  private post(view: PanelView): void {
    this.lastView = view;
    if (this.ready) this.webview.notify("view", view);
  }

  private onReady(): void {
    this.ready = true;
    this.webview.notify("identity", { uri: this.uri.toString() });
    if (this.lastView) this.webview.notify("view", this.lastView);
    for (const resolve of this.whenReady.splice(0)) resolve();
  }

  private async save(defaultName: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.uri, "..", defaultName),
      filters,
    });
    if (target) await vscode.workspace.fs.writeFile(target, bytes);
  }

  dispose(): void {
    CurvePanel.panels.delete(this.uri.toString());
    this.webview.close("the panel was closed");
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
  }
}

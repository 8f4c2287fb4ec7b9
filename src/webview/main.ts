/**
 * The panel's page. It draws what the extension sends (validated with zod), keeps the
 * chosen scenario in setState, redraws on theme changes, and exports charts on request.
 */
import {
  BarController,
  BarElement,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import type { ChartSpec, PanelModel } from "../shared/chartModel";
import { Channel } from "../shared/channel";
import { hostToWebview, webviewToHost, type PanelState, type PanelView } from "../shared/panelProtocol";
import { drawHeatmap } from "./heatmap";
import { chartConfig } from "./chartConfig";
import { readTheme, watchTheme } from "./theme";

Chart.register(LineController, BarController, LineElement, PointElement, BarElement, LinearScale, Legend, Tooltip);

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): Partial<PanelState> | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById("app")!;
/** What a drawn chart offers: a PNG of itself, and cleanup (Chart.js charts, and the heatmap's plain canvas). */
interface DrawnChart {
  toBase64Image(type?: string): string;
  destroy(): void;
}
const charts = new Map<string, DrawnChart>();
let current: Extract<PanelView, { type: "show" }> | undefined;
/** The one channel to the extension (only its protocol is accepted). */
const host = new Channel((message) => vscode.postMessage(message), webviewToHost, hostToWebview);
let state: Partial<PanelState> = vscode.getState() ?? {};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function saveState(patch: Partial<PanelState>): void {
  state = { ...state, ...patch };
  if (state.uri) vscode.setState(state as PanelState);
}

function header(model: PanelModel): HTMLElement {
  const box = element("header");
  box.append(element("h1", {}, `Cascade Lens: ${model.fileName}`));
  const figures = element("div", { class: "figures" });
  const figure = (id: string, label: string, value: string) => {
    const card = element("div", { class: "figure", "data-figure": id });
    card.append(element("div", { class: "label" }, label), element("div", { class: "value" }, value));
    figures.append(card);
  };
  figure("criticalShock", "Critical shock: first uncovered bad debt", model.header.criticalShock);
  figure("worstScenario", "Worst scenario", model.header.worstScenario);
  figure("largestAmplification", "Largest amplification", model.header.largestAmplification);
  figure("badDebt", "Largest bad debt", model.header.badDebt);
  figure("stuckDebt", "Largest stuck debt (no liquidator takes it)", model.header.stuckDebt);
  figure("mechanisms", "Liquidation mechanisms", model.header.mechanisms);
  figure("elapsed", "Simulated in", model.header.elapsed);
  box.append(figures);
  if (model.comparison) {
    // Compare with Git HEAD / File: what the change does, worst first (the charts hold the base's curves, dashed).
    const compared = element("section", { class: "comparison", "data-comparison": model.comparison.base });
    compared.append(
      element("h2", {}, `Compared with ${model.comparison.base}`),
      element("p", { class: "verdict" }, model.comparison.verdict),
    );
    const deltas = element("ul");
    for (const line of model.comparison.deltas) deltas.append(element("li", {}, line));
    compared.append(deltas);
    box.append(compared);
  }
  if (model.notes.length > 0) {
    const notes = element("ul", { class: "notes" });
    for (const note of model.notes) notes.append(element("li", {}, note));
    box.append(notes);
  }
  return box;
}

function chartCard(spec: ChartSpec, container: HTMLElement): void {
  const card = element("section", { class: "card", "data-chart": spec.id });
  const bar = element("div", { class: "bar" });
  const png = element("button", { title: "Save this chart as a PNG image" }, "PNG");
  const csv = element("button", { title: "Save this chart's data as CSV" }, "CSV");
  const buttons = element("div");
  buttons.append(png, csv);
  bar.append(element("h2", {}, spec.title), buttons);
  const box = element("div", { class: "canvas-box" });
  const canvas = element("canvas", { role: "img", "aria-label": spec.title });
  box.append(canvas);
  card.append(bar, box);
  container.append(card);
  const chart = drawn(spec, canvas);
  charts.set(spec.id, chart);
  png.addEventListener("click", () =>
    host.notify("exportPng", { chartId: spec.id, title: spec.title, dataUrl: chart.toBase64Image("image/png") }),
  );
  csv.addEventListener("click", () => host.notify("exportCsv", { chartId: spec.id, title: spec.title }));
}

/** A heatmap on its own canvas (sized to its box), every other chart by Chart.js. */
function drawn(spec: ChartSpec, canvas: HTMLCanvasElement, size?: { width: number; height: number }): DrawnChart {
  if (!spec.heatmap) return new Chart(canvas, chartConfig(spec, readTheme()));
  const box = canvas.parentElement;
  canvas.width = size?.width ?? Math.max(300, Math.round(box?.clientWidth ?? 900));
  canvas.height = size?.height ?? Math.max(240, Math.round(box?.clientHeight ?? 420));
  drawHeatmap(canvas, spec, readTheme());
  return { toBase64Image: () => canvas.toDataURL("image/png"), destroy: () => undefined };
}

function render(): void {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  app.replaceChildren();
  if (!current) return;
  const { model, freshness, errors } = current;
  app.append(header(model));
  if (freshness === "stale") {
    const banner = element("div", { class: "banner", "data-state": "stale" });
    banner.append(
      element(
        "strong",
        {},
        errors.length > 0
          ? `Stale: the file has ${errors.length} error${errors.length === 1 ? "" : "s"}; these charts are from the last good run.`
          : "Stale: these charts are from the last run; save to update.",
      ),
    );
    const list = element("ul");
    for (const error of errors.slice(0, 10)) list.append(element("li", {}, error));
    banner.append(list);
    app.append(banner);
  }
  const controls = element("div", { class: "controls" });
  const picker = element("select", { "aria-label": "Scenario for the cascade path" });
  for (const name of model.scenarioNames) picker.append(element("option", { value: name }, name));
  const scenario =
    state.scenario && model.scenarioNames.includes(state.scenario) ? state.scenario : model.scenarioNames[0];
  if (scenario) picker.value = scenario;
  picker.addEventListener("change", () => {
    saveState({ scenario: picker.value });
    render();
  });
  if (model.scenarioNames.length > 0) {
    controls.append(element("label", {}, "Scenario:"), picker);
    app.querySelector("header")!.append(controls);
  }
  const grid = element("div", { class: freshness === "stale" ? "charts stale" : "charts" });
  app.append(grid);
  const [stress, curve, response, badDebt, profitability, health] = [
    "stress",
    "curve",
    "response",
    "badDebt",
    "profitability",
    "health",
  ].map((id) => model.charts.find((c) => c.id === id));
  // A sweep's charts (ids "sweep-...") come first after a stress test, in the order they were built.
  const sweep = model.charts.filter((c) => c.id.startsWith("sweep"));
  const ordered = [
    stress,
    ...sweep,
    curve,
    response,
    scenario ? model.paths[scenario] : undefined,
    badDebt,
    profitability,
    health,
  ].filter((c): c is ChartSpec => c !== undefined);
  for (const spec of ordered) chartCard(spec, grid);
  document.body.dataset.rendered = String(Date.now());
}

function showBanner(kind: "running" | "problems", text: string, errors: string[] = []): void {
  app.querySelector(".banner.running")?.remove();
  const banner = element("div", { class: kind === "running" ? "banner running" : "banner", "data-state": kind });
  banner.append(element("strong", {}, text));
  if (errors.length) {
    const list = element("ul");
    for (const error of errors.slice(0, 10)) list.append(element("li", {}, error));
    banner.append(list);
  }
  if (kind === "problems") app.replaceChildren(banner);
  else app.prepend(banner);
}

window.addEventListener("message", (event: MessageEvent<unknown>) => host.receive(event.data));
host.onNotification("identity", ({ uri }) => saveState({ uri }));
// Every chart, the path of each scenario included, as the report shows them.
host.handle("collectImages", async () => ({ images: await collectImages() }));
host.onNotification("select", ({ scenario }) => {
  saveState({ scenario });
  render();
});
host.onNotification("view", (message) => {
  if (message.type === "running") showBanner("running", `Simulating ${message.fileName}…`);
  else if (message.type === "problems")
    showBanner("problems", `${message.fileName} has errors; fix them to simulate.`, message.errors);
  else {
    current = message;
    render();
  }
});

/** Renders each chart (and each scenario's path) off screen and returns PNG data URLs. */
async function collectImages(): Promise<{ chartId: string; title: string; dataUrl: string }[]> {
  if (!current) return [];
  const { model } = current;
  const specs = [...model.charts, ...model.scenarioNames.map((name) => model.paths[name])];
  const box = element("div", { class: "canvas-box offscreen" });
  document.body.append(box);
  const images: { chartId: string; title: string; dataUrl: string }[] = [];
  for (const spec of specs) {
    const canvas = element("canvas", { width: "900", height: "420" });
    box.replaceChildren(canvas);
    const chart = spec.heatmap
      ? drawn(spec, canvas, { width: 900, height: 420 })
      : new Chart(canvas, {
          ...chartConfig(spec, readTheme()),
          options: { ...chartConfig(spec, readTheme()).options, responsive: false },
        });
    images.push({ chartId: spec.id, title: spec.title, dataUrl: chart.toBase64Image("image/png") });
    chart.destroy();
  }
  box.remove();
  return images;
}

watchTheme(() => render());
host.notify("ready", {});

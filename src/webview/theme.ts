/** Chart colours and fonts read from the VS Code theme's CSS variables, re-read when the theme changes. */
export interface ChartTheme {
  foreground: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
  palette: string[];
}

const css = (name: string, fallback: string): string =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

export function readTheme(): ChartTheme {
  const foreground = css("--vscode-editor-foreground", css("--vscode-foreground", "#888888"));
  return {
    foreground,
    grid: css("--vscode-editorWidget-border", css("--vscode-panel-border", "rgba(128,128,128,0.35)")),
    fontFamily: css("--vscode-font-family", "sans-serif"),
    fontSize: parseFloat(css("--vscode-font-size", "13")) || 13,
    // VS Code's own chart palette (used by its testing and timeline views).
    palette: [
      css("--vscode-charts-blue", "#3794ff"),
      css("--vscode-charts-red", "#f14c4c"),
      css("--vscode-charts-green", "#89d185"),
      css("--vscode-charts-orange", "#d18616"),
      css("--vscode-charts-purple", "#b180d7"),
      css("--vscode-charts-yellow", "#cca700"),
      css("--vscode-charts-foreground", foreground),
      css("--vscode-charts-lines", "rgba(128,128,128,0.5)"),
    ],
  };
}

/** Calls `onChange` when VS Code switches theme (it rewrites the body's class and style). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(() => onChange()).observe(document.body, {
    attributes: true,
    attributeFilter: ["class", "style"],
  });
}

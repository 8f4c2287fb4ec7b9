import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

/** The panel's page: strict CSP (nothing remote, scripts only with the nonce), assets through asWebviewUri. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  // From a cryptographic source: Math.random's state can be recovered from its outputs.
  const nonce = randomBytes(24).toString("base64");
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.js"));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "media", "panel.css"));
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Cascade Lens</title>
</head>
<body>
<div id="app"><p class="notice">Waiting for the first simulation…</p></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

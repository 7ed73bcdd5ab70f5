/**
 * The webclient's HTML shell, served at `/`. It holds no logic: the elements the bundle
 * (client/main.ts) looks up by id, the stylesheet and the script. What it needs from the game:
 * the server name, escaped here, and the WebSocket path (`data-websocket` on the body).
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export function webclientPage(serverName: string): string {
  const name = escapeHtml(serverName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover, interactive-widget=resizes-content">
<meta name="color-scheme" content="dark">
<meta name="theme-color" content="#181b22">
<title>${name}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/webclient.css">
<script src="/webclient.js" defer></script>
</head>
<body data-connection="connecting" data-websocket="/ws">
<a class="skip" href="#input">Skip to the command line</a>
<header class="bar">
  <h1 class="title">${name}</h1>
  <p id="status" class="status" role="status" data-state="connecting"><span class="dot" aria-hidden="true"></span><span id="status-text">Connecting…</span></p>
  <button id="reconnect" type="button" hidden>Reconnect</button>
  <div class="toggles">
    <button id="hide-input" type="button" aria-pressed="false" title="Mask what you type, e.g. for a password">Hide input</button>
    <button id="screen-reader" type="button" aria-pressed="false" title="Plain output without colours or decorations">Screen reader</button>
  </div>
</header>
<main class="output-wrap">
  <div id="output" class="output" role="log" aria-live="polite" aria-relevant="additions" aria-label="Game output" tabindex="0"></div>
  <button id="new-output" class="new-output" type="button" hidden>New output ↓</button>
</main>
<div id="prompt" class="prompt" aria-live="polite"></div>
<form id="command-form" class="command" autocomplete="off">
  <label for="input" class="visually-hidden">Command</label>
  <input id="input" name="command" type="text" autocomplete="off" autocapitalize="off" autocorrect="off" spellcheck="false" enterkeyhint="send" placeholder="Type a command…">
  <span id="mask-note" class="mask-note" hidden></span>
  <button type="submit">Send</button>
</form>
<noscript><p class="block-notice">The webclient needs JavaScript. You can also connect with any MUD client over telnet.</p></noscript>
</body>
</html>
`;
}

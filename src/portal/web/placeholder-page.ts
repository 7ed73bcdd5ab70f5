/**
 * The page served at / on the web port until the full webclient lands: a plain, working
 * terminal over /ws (Evennia's JSON format), readable on a laptop or a phone.
 */
export function placeholderPage(serverName: string): string {
  const title = serverName.replace(/[&<>"']/g, '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { margin: 0; background: #111; color: #ddd; font: 15px/1.4 ui-monospace, Menlo, Consolas, monospace;
         display: flex; flex-direction: column; height: 100vh; }
  #out { flex: 1; overflow-y: auto; padding: 0.75rem; white-space: pre-wrap; word-break: break-word; }
  form { display: flex; border-top: 1px solid #333; }
  input { flex: 1; background: #1a1a1a; color: #eee; border: 0; padding: 0.75rem; font: inherit; }
  #state { padding: 0.75rem; color: #888; }
</style>
</head>
<body>
<div id="out" role="log" aria-live="polite"></div>
<form id="f"><input id="in" autocomplete="off" autofocus aria-label="command"><span id="state">connecting…</span></form>
<script>
  const out = document.getElementById('out'), input = document.getElementById('in'), state = document.getElementById('state');
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  ws.onopen = () => { state.textContent = 'connected'; };
  ws.onclose = () => { state.textContent = 'disconnected'; };
  ws.onmessage = (e) => {
    const [name, args] = JSON.parse(e.data);
    if (name !== 'text' && name !== 'prompt') return;
    const div = document.createElement('div');
    div.innerHTML = args[0];
    out.appendChild(div);
    out.scrollTop = out.scrollHeight;
  };
  document.getElementById('f').onsubmit = (e) => {
    e.preventDefault();
    ws.send(JSON.stringify(['text', [input.value], {}]));
    input.value = '';
  };
</script>
</body>
</html>
`;
}

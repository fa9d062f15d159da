// A node-ws client for the message plug-in test: sends "hello" in two fragments, waits for the echo, then
// sends a message the plug-in refuses and prints what the close said, as one JSON line.
const WebSocket = require('ws');
const ws = new WebSocket(process.argv[2]);
const out = { echoes: [] };
ws.on('open', () => {
  ws.send('hel', { fin: false });
  ws.send('lo', { fin: true });
});
ws.on('message', (data) => {
  out.echoes.push(data.toString());
  if (out.echoes.length === 1) {
    ws.send('rm -rf /');
  }
});
ws.on('close', (code, reason) => {
  out.code = code;
  out.reason = reason.toString();
  console.log(JSON.stringify(out));
  process.exit(0);
});
ws.on('error', (err) => { out.error = String(err); });
setTimeout(() => { out.timeout = true; console.log(JSON.stringify(out)); process.exit(1); }, 20000);

'use strict';
// One side of a bounded random WebSocket session, on Debian's node-ws 8.11 (run with NODE_PATH=/usr/share/nodejs):
//   node ws_peer.js server SEED COUNT DEFLATE      prints "LISTENING <port>", serves one connection
//   node ws_peer.js client SEED COUNT DEFLATE URL  connects to URL
// Same session as ws_peer.py: COUNT random messages (text with non-ASCII characters, binary, some
// fragmented: text fragments may split a character, which RFC 6455 5.6 allows), pings now and then, then
// "END"; the server closes with 1000 once both ENDs crossed. The last stdout line is JSON with the SHA-256
// of every message sent and received ("t:" text as UTF-8, "b:" binary), in order.
const crypto = require('crypto');
const { WebSocket, WebSocketServer } = require('ws');

const PALETTE = Array.from('abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789éß€☃中𝄞');

function rng(seed) { // mulberry32: small, seeded, good enough for test data
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digest = (buf, text) => (text ? 't:' : 'b:') + crypto.createHash('sha256').update(buf).digest('hex');
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

function size(r) {
  const x = r();
  return x < 0.7 ? int(r, 0, 200) : x < 0.9 ? int(r, 200, 20000) : int(r, 20000, 150000);
}

function bytes(r, n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 0, 255);
  return b;
}

function sendAll(ws, r, count, sent) {
  for (let i = 0; i < count; i++) {
    const text = r() < 0.5;
    const n = size(r);
    const data = text ? Buffer.from(Array.from({ length: n }, () => PALETTE[int(r, 0, PALETTE.length - 1)]).join(''), 'utf8')
      : bytes(r, n);
    sent.push(digest(data, text));
    if (data.length > 2 && r() < 0.3) {
      const cut = int(r, 1, data.length - 1);
      ws.send(data.subarray(0, cut), { binary: !text, fin: false });
      ws.send(data.subarray(cut), { binary: !text, fin: true });
    } else {
      ws.send(data, { binary: !text });
    }
    if (r() < 0.2) ws.ping(bytes(r, int(r, 0, 125)));
  }
  sent.push(digest(Buffer.from('END'), true));
  ws.send('END');
}

function session(ws, seed, count, role, done) {
  const sent = [];
  const received = [];
  let gotEnd = false;
  const finish = () => {
    console.log(JSON.stringify({ role, sent, received }));
    done();
  };
  ws.on('message', (data, isBinary) => {
    received.push(digest(data, !isBinary));
    if (!isBinary && data.toString() === 'END') {
      gotEnd = true;
      if (role === 'server') ws.close(1000, 'done');
    }
  });
  ws.on('close', () => (gotEnd ? finish() : (console.error('closed before END'), process.exit(3))));
  ws.on('error', (e) => { console.error(String(e)); process.exit(4); });
  sendAll(ws, rng(seed), count, sent);
}

const [role, seed, count, deflate, url] = process.argv.slice(2);
const options = { perMessageDeflate: deflate === 'on', maxPayload: 64 * 1024 * 1024 };
setTimeout(() => { console.error('timeout'); process.exit(5); }, 120000).unref();
if (role === 'server') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  wss.on('listening', () => console.log('LISTENING ' + wss.address().port));
  wss.on('connection', (ws) => session(ws, +seed, +count, role, () => wss.close()));
} else {
  const ws = new WebSocket(url, options);
  ws.on('open', () => session(ws, +seed, +count, role, () => {}));
}

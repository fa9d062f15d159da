// A client of libwebsockets' test server (Debian libwebsockets-test-server), on Debian's node-ws 8.11
// (NODE_PATH=/usr/share/nodejs). Same session and report as lws_client.py:
//   node lws_client.js URL SUBPROTOCOL
// It offers the subprotocol and permessage-deflate (the library's default), then:
//   dumb-increment-protocol  reads 10 counts, sends "reset\n", reads until the count restarts at 0, then 10 more;
//   lws-mirror-protocol      sends 16 ASCII texts (up to about 1000 bytes) one at a time, each after the
//                            previous one came back (joined, as lws_client.py explains: the mirror echoes reads).
// It then closes with 1000 and keeps every message that still arrives before the server's Close. The last
// stdout line is JSON: the negotiated subprotocol and extensions, and every text message sent and received.
'use strict';
const WebSocket = require('ws');

const PALETTE = 'abcdefghijklmnopqrstuvwxyz 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:!?'; // as in lws_client.py

function mirrored(i) {
  let s = 'mirror ' + i + ': ';
  for (let j = 0; j < i * 60; j++) s += PALETTE[(i * 7 + j) % PALETTE.length];
  return s;
}

const [url, subprotocol] = process.argv.slice(2);
const ws = new WebSocket(url, [subprotocol]);
const sent = [];
const received = [];
let extensions = [];
let done = false;
let restartAt = -1; // dumb-increment: where the count restarted at 0 after the reset

function send(text) {
  sent.push(text);
  ws.send(text);
}

function finish() {
  done = true;
  ws.close(1000, 'done');
}

function onCount(text) {
  const n = received.length;
  if (n === 10) {
    send('reset\n');
  } else if (n > 10 && restartAt < 0 && text === '0') {
    restartAt = n;
  } else if (restartAt >= 0 && n === restartAt + 10) {
    finish();
  }
}

let echoed = 0; // characters mirrored so far
function onMirror(text) {
  echoed += text.length;
  if (echoed < sent.join('').length) return; // the rest of a split echo is on its way
  if (sent.length === 16) {
    finish();
  } else {
    send(mirrored(sent.length));
  }
}

ws.on('upgrade', (res) => {
  const h = res.headers['sec-websocket-extensions'];
  extensions = h === undefined ? [] : [h];
});
ws.on('open', () => {
  if (subprotocol === 'lws-mirror-protocol') send(mirrored(0));
});
ws.on('message', (data, isBinary) => {
  const text = isBinary ? '(binary) ' + data.toString('hex') : data.toString('utf8');
  received.push(text); // after our Close too: those messages crossed the proxy as well
  if (done) return;
  if (subprotocol === 'dumb-increment-protocol') onCount(text); else onMirror(text);
});
ws.on('close', (code) => {
  console.log(JSON.stringify({ subprotocol: ws.protocol, extensions, sent, received, close: code }));
  process.exit(0);
});
ws.on('error', (e) => {
  console.error('error: ' + e.message);
  process.exit(2);
});
setTimeout(() => {
  console.error('gave up after 60 s');
  process.exit(3);
}, 60000).unref();

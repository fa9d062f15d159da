// A deterministic WebSocket conversation on Debian's node-ws 8 (run with NODE_PATH=/usr/share/nodejs).
//
//   echo_peer.js server deflate|plain      prints "LISTENING <port>", answers each message with "echo:" + it
//                                          (binary: reversed), serves until killed
//   echo_peer.js client URL deflate|plain  sends three messages one at a time (text, non-ASCII text, binary),
//                                          waits for each answer, pings, closes with 1000 when the pong came;
//                                          prints JSON of what it received
// "deflate" offers (client) or accepts (server) permessage-deflate and compresses every message.
const WebSocket = require('ws');

const [mode, arg, deflateArg] = process.argv.slice(2);
if (mode === 'server') {
    const deflate = arg === 'deflate' ? {threshold: 0} : false;
    const wss = new WebSocket.Server({host: '127.0.0.1', port: 0, perMessageDeflate: deflate});
    wss.on('listening', () => console.log('LISTENING ' + wss.address().port));
    wss.on('connection', ws => ws.on('message', (data, isBinary) =>
        ws.send(isBinary ? Buffer.from(data).reverse() : 'echo:' + data.toString(), {binary: isBinary})));
} else {
    const deflate = deflateArg === 'deflate' ? {threshold: 0} : false;
    const ws = new WebSocket(arg, {perMessageDeflate: deflate});
    const messages = ['hello', 'grüße ☃', Buffer.from([...Array(16).keys()])];
    const received = [];
    let next = 0;
    ws.on('open', () => ws.send(messages[next++]));
    ws.on('message', (data, isBinary) => {
        received.push(isBinary ? 'b:' + Buffer.from(data).toString('hex') : data.toString());
        if (next < messages.length) {
            ws.send(messages[next++]);
        } else {
            ws.ping('p');
        }
    });
    ws.on('pong', data => {
        received.push('pong:' + data.toString());
        ws.close(1000, 'bye');
    });
    ws.on('close', (code, reason) => console.log(JSON.stringify(
        {received: received, close: code, reason: reason.toString(), extensions: ws.extensions})));
    ws.on('error', e => {
        console.log(JSON.stringify({error: String(e)}));
        process.exitCode = 1;
    });
}

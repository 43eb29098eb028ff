// The event benchmark's server: Node's `net` with the WebSocket framing
// written here (RFC 6455: the upgrade answer, unmasked server frames), so
// that the server outruns any client and the benchmark measures the
// clients.  It answers the client's first frame, a
// {"id", "method": "stream", "params": {"n": N}} request, with
// {"id", "status": 200, "result": {}}, then writes N small trade events
// {"event": {"e": "trade", ...}} (built once, in batches of about 1 MiB
// per write), then {"event": {"e": "done"}}.  Listens on 127.0.0.1 at a
// free port, printed as "PORT <n>".  Usage: node events_server.js
'use strict';
const net = require('net');
const crypto = require('crypto');

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

// One unmasked text frame.
function frame(text) {
    const body = Buffer.from(text);
    const head = body.length < 126 ? Buffer.from([0x81, body.length])
        : Buffer.from([0x81, 126, body.length >> 8, body.length & 255]);
    return Buffer.concat([head, body]);
}

// The payload of the client's first (masked) frame, or null until whole.
function firstFrame(buf) {
    if (buf.length < 2)
        return null;
    let len = buf[1] & 127, at = 2;
    if (len === 126) {
        if (buf.length < 4)
            return null;
        len = buf.readUInt16BE(2);
        at = 4;
    }
    if (buf.length < at + 4 + len)
        return null;
    const mask = buf.subarray(at, at + 4);
    const out = Buffer.alloc(len);
    for (let i = 0; i < len; i++)
        out[i] = buf[at + 4 + i] ^ mask[i & 3];
    return out.toString();
}

// 1000 distinct events, framed once; the stream cycles through them.
const events = [];
for (let i = 0; i < 1000; i++)
    events.push(frame(`{"event":{"e":"trade","E":${1700000000000 + i},` +
        `"s":"BTCUSDT","t":${i},"p":"43210.${i % 100}","q":"0.0${i % 10}1",` +
        `"m":${i % 2 === 0}}}`));
const batch = Buffer.concat(events);

function stream(sock, n) {
    let left = n;
    const more = () => {
        while (left > 0) {
            let b = batch;
            if (left < events.length)
                b = Buffer.concat(events.slice(0, left));
            left -= Math.min(left, events.length);
            if (!sock.write(b)) {
                sock.once('drain', more);
                return;
            }
        }
        sock.write(frame('{"event":{"e":"done"}}'));
    };
    more();
}

const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0), upgraded = false, streaming = false;
    sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        if (!upgraded) {
            const end = buf.indexOf('\r\n\r\n');
            if (end < 0)
                return;
            const head = buf.subarray(0, end).toString();
            const key = /sec-websocket-key:\s*(\S+)/i.exec(head)[1];
            const accept = crypto.createHash('sha1').update(key + GUID)
                .digest('base64');
            sock.write('HTTP/1.1 101 Switching Protocols\r\n' +
                'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
                `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
            upgraded = true;
            buf = buf.subarray(end + 4);
        }
        if (streaming) {
            // after the request only a close frame comes: answer it
            if (buf.length && (buf[0] & 15) === 8) {
                sock.end(Buffer.from([0x88, 0]));
                buf = Buffer.alloc(0);
            }
            return;
        }
        const text = firstFrame(buf);
        if (text === null)
            return;
        buf = Buffer.alloc(0);
        streaming = true;
        const req = JSON.parse(text);
        sock.write(frame(JSON.stringify({ id: req.id, status: 200, result: {} })));
        if (req.method === 'stream')
            stream(sock, req.params.n);
    });
    sock.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`PORT ${server.address().port}\n`);
});

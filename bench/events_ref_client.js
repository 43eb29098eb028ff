// The reference client of the event benchmark: Node's `ws`, parsing each
// event with JSON.parse and checking it the way a typed handler would (the
// type, the members used).  Prints "<events/s>".
// Usage: node events_ref_client.js WS_MODULE_DIR URL N
'use strict';
const WebSocket = require(process.argv[2]);
const url = process.argv[3];
const n = Number(process.argv[4]);

const ws = new WebSocket(url, { perMessageDeflate: false });
let got = 0, sum = 0, start = 0;
ws.on('open', () => {
    start = process.hrtime.bigint();
    ws.send(JSON.stringify({ id: '1', method: 'stream', params: { n } }));
});
ws.on('message', (data) => {
    const f = JSON.parse(data);
    const ev = f.event;
    if (!ev)
        return; // the answer to the request
    if (ev.e === 'trade') {
        if (typeof ev.t !== 'number' || typeof ev.p !== 'string')
            throw new Error('bad event');
        sum += ev.t;
        got++;
    } else if (ev.e === 'done') {
        const s = Number(process.hrtime.bigint() - start) / 1e9;
        if (got !== n)
            throw new Error(`got ${got} of ${n} events`);
        process.stdout.write(`${Math.round(n / s)}\n`);
        ws.close();
    }
});
ws.on('error', (e) => { console.error(e.message); process.exit(1); });

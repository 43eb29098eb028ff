// The reference client of the SSE benchmark: Node's http client splitting
// the event stream into events (data lines, blank line) and parsing each
// with JSON.parse, checking it the way a typed handler would.  Prints
// "<events/s>".  Usage: node sse_ref_client.js URL N
'use strict';
const http = require('http');
const url = process.argv[2];
const n = Number(process.argv[3]);

let got = 0, sum = 0, rest = '', done = false;
const start = process.hrtime.bigint();
http.get(`${url}/trades?n=${n}`, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
        rest += chunk;
        let end;
        while ((end = rest.indexOf('\n\n')) >= 0) {
            const block = rest.slice(0, end);
            rest = rest.slice(end + 2);
            let data = '';
            for (const line of block.split('\n'))
                if (line.startsWith('data:'))
                    data += (data ? '\n' : '') + line.slice(line[5] === ' ' ? 6 : 5);
            if (data === '[DONE]') {
                done = true;
                continue;
            }
            const ev = JSON.parse(data);
            if (ev.e !== 'trade' || typeof ev.t !== 'number' ||
                typeof ev.p !== 'string')
                throw new Error('bad event');
            sum += ev.t;
            got++;
        }
    });
    res.on('end', () => {
        const s = Number(process.hrtime.bigint() - start) / 1e9;
        if (!done || got !== n)
            throw new Error(`got ${got} of ${n} events`);
        process.stdout.write(`${Math.round(n / s)}\n`);
    });
}).on('error', (e) => { console.error(e.message); process.exit(1); });

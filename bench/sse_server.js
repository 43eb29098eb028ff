// The server of the SSE benchmark (bench/sse.sh): GET /trades?n=N answers
// N trade events as text/event-stream ("data: {...}\n\n", batched into
// large writes so the server outruns the clients), then "data: [DONE]".
// Prints "PORT <n>".
'use strict';
const http = require('http');

function trade(i) {
    return `data: {"e":"trade","E":${1700000000000 + i},"s":"BTCUSDT",` +
        `"t":${i},"p":"43120.55","q":"0.00210","m":${i % 2 === 0}}\n\n`;
}

const server = http.createServer((req, res) => {
    const n = Number(new URL(req.url, 'http://x').searchParams.get('n'));
    res.writeHead(200, { 'Content-Type': 'text/event-stream',
                         'Cache-Control': 'no-cache' });
    let i = 0;
    const pump = () => {
        while (i < n) {
            let chunk = '';
            for (let k = 0; k < 256 && i < n; k++)
                chunk += trade(++i);
            if (!res.write(chunk))
                return res.once('drain', pump);
        }
        res.end('data: [DONE]\n\n');
    };
    pump();
});
server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`PORT ${server.address().port}\n`);
});

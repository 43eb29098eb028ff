// Signs requests with ccxt (an implementation of each exchange's signing
// rule that nobody here wrote), with no network: the signing tests
// compare what apicc sends with what this prints.
//
// Usage: node ccxt_sign.js JOB_JSON
//   JOB_JSON: {"exchange": "kucoin", "ccxt_dir": DIR, "ms": FIXED_MS,
//              "credentials": {"apiKey": ..., "secret": ..., "password": ...},
//              "hostname": optional, "cases": [{"path", "api", "method",
//              "params"}]}
// Prints one JSON list: {url, method, body, headers} per case.
'use strict';
const job = JSON.parse(process.argv[2]);
const ccxt = require(job.ccxt_dir + '/node_modules/ccxt/dist/ccxt.cjs');
const ex = new ccxt[job.exchange](job.credentials);
// The clock is fixed as the client's is (apicc_client_set_fixed_time_ms).
ex.milliseconds = () => job.ms;
ex.seconds = () => Math.floor(job.ms / 1000);
if (job.hostname)
    ex.hostname = job.hostname;
const out = job.cases.map((c) => {
    const api = typeof c.api === 'string' && c.api.startsWith('[') ? JSON.parse(c.api) : c.api;
    const r = ex.sign(c.path, api, c.method, Object.assign({}, c.params || {}));
    return { url: r.url, method: r.method, body: r.body === undefined ? null : r.body, headers: r.headers || {} };
});
process.stdout.write(JSON.stringify(out) + '\n');

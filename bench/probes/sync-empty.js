// A probe of what a reconnect storm's syncs cost: N empty syncs (one per fresh user) through the gateway, C at a
// time, rate and latency; it touches /tmp/wsload-go when the tokens are fetched and the syncs start, so that a shell
// can read the services' CPU ticks (/proc/<pid>/stat) around them. Not part of the build (node 18+, no package):
// node bench/probes/sync-empty.js 4000 32   (docs/performance.md, "Straight to the connectors")
const [n, conc, gateway] = [+process.argv[2], +process.argv[3], process.argv[4] || 'http://localhost:8080'];
const {devTokens} = require('./dev-tokens.js');
(async () => {
  const tokens = await devTokens(gateway, 's', n);
  require('fs').writeFileSync('/tmp/wsload-go', '');
  const lat = []; let next = 0, failed = 0; const t0 = Date.now();
  await Promise.all(Array.from({length: conc}, async () => {
    while (next < n) {
      const i = next++; const s0 = Date.now();
      const r = await fetch(gateway + '/api/v1/sync?limit=50', {headers: {authorization: 'Bearer ' + tokens[i]}});
      await r.text(); if (r.status !== 200) failed++; lat.push(Date.now() - s0);
    }
  }));
  const secs = (Date.now() - t0) / 1000; lat.sort((a, b) => a - b);
  console.log(`${n} syncs, ${failed} not 200, in ${secs.toFixed(1)} s: ${(n / secs).toFixed(0)}/s; p50 ${lat[lat.length >> 1]} ms p99 ${lat[Math.floor(lat.length * 0.99)]} ms`);
})();

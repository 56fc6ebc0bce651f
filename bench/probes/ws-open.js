// A probe of upgrade throughput with a client faster than the JDK's: opens N WebSockets with dev tokens, C at a
// time, each answering a first ping, and prints how many opened, were refused (503) or failed, the rate and the
// latency. Not part of the build; needs the npm package ws: (cd /tmp/ws && npm install ws@8), then, against a
// running stack: NODE_PATH=/tmp/ws/node_modules node bench/probes/ws-open.js ws://localhost:8091/ws 4000 200
// (docs/performance.md, "Straight to the connectors").
const WebSocket = require('ws');
const [url, n, conc, gateway] = [process.argv[2], +process.argv[3], +process.argv[4], process.argv[5] || 'http://localhost:8080'];
const {devTokens} = require('./dev-tokens.js');
(async () => {
  const tokens = await devTokens(gateway, 'n', n);
  const lat = []; let ok = 0, refused = 0, failed = 0, next = 0; const sockets = [];
  const t0 = Date.now();
  await new Promise(done => {
    let active = 0;
    const launch = () => {
      while (active < conc && next < n) {
        const i = next++; active++; const s0 = Date.now();
        const ws = new WebSocket(url + '?token=' + tokens[i]);
        ws.on('open', () => ws.send('{"type":"ping"}'));
        ws.on('message', () => { if (!ws.done) { ws.done = 1; ok++; lat.push(Date.now() - s0); active--; sockets.push(ws); launch(); if (ok + refused + failed === n) done(); } });
        ws.on('unexpected-response', (req, res) => { refused++; active--; ws.done = 1; launch(); if (ok + refused + failed === n) done(); });
        ws.on('error', () => { if (!ws.done) { ws.done = 1; failed++; active--; launch(); if (ok + refused + failed === n) done(); } });
      }
    };
    launch();
  });
  const secs = (Date.now() - t0) / 1000; lat.sort((a, b) => a - b);
  console.log(`opened ${ok} refused ${refused} failed ${failed} in ${secs.toFixed(1)} s: ${(ok / secs).toFixed(0)}/s; p50 ${lat[lat.length >> 1]} ms p99 ${lat[Math.floor(lat.length * 0.99)]} ms`);
  sockets.forEach(s => s.terminate());
  process.exit(0);
})();

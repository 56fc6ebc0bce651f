// The probes' one way to get dev tokens (POST /api/v1/dev/token, local run only): n fresh users named
// <prefix><pid>-<i>, 200 requests at a time.
async function devTokens(gateway, prefix, n) {
  const one = async i => {
    const r = await fetch(gateway + '/api/v1/dev/token', {method: 'POST', headers: {'content-type': 'application/json'},
      body: JSON.stringify({uid: prefix + process.pid + '-' + i, deviceId: 'd1'})});
    return (await r.json()).token;
  };
  const tokens = [];
  for (let i = 0; i < n; i += 200) {
    tokens.push(...await Promise.all(Array.from({length: Math.min(200, n - i)}, (_, k) => one(i + k))));
  }
  return tokens;
}
module.exports = {devTokens};

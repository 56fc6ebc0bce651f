// The demo page served from another origin talks to the gateway through CORS: preflights answered without a
// token, then the chat works as on the gateway's own origin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GATEWAY, launch, openChat, screenshot, serveFiles, signIn, type, uid, waitForShown } from './pigeon-browser.mjs';

// the same files the gateway serves, from another origin: 127.0.0.1:<port> is not localhost:8080
const FILES = {
  '/': ['gateway-service/src/main/resources/demo/index.html', 'text/html'],
  '/demo/demo.js': ['gateway-service/src/main/resources/demo/demo.js', 'text/javascript'],
  '/demo/demo.css': ['gateway-service/src/main/resources/demo/demo.css', 'text/css'],
  '/pigeon.js': ['client-js/pigeon.js', 'text/javascript'],
};

let server;
let origin;
let browser;
before(async () => {
  server = await serveFiles(FILES);
  origin = server.origin;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('a page on another origin signs in, syncs and chats through CORS', async () => {
  const kim = uid('kim');
  const lee = uid('lee');
  const page = await browser.page();
  const failed = [];
  page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));

  await signIn(page, kim, { url: `${origin}/?gateway=${encodeURIComponent(GATEWAY)}` });
  assert.equal(new URL(page.url()).origin, origin);
  await openChat(page, lee);
  await type(page, 'from another origin');
  // lee, on the gateway's own origin, receives it
  const other = await browser.page();
  await signIn(other, lee);
  await openChat(other, kim);
  await waitForShown(other, 'from another origin', 1);
  await page.waitForSelector('#messages li.mine[data-status="delivered"]', { timeout: 30_000 });
  // group calls carry a JSON body and a token: preflighted too
  await page.fill('#group-name', 'cross-origin');
  await page.fill('#group-members', lee);
  await page.click('#new-group button');
  await page.waitForSelector(`#members [data-uid="${lee}"]`);
  await screenshot(page, 'cors-other-origin');
  assert.deepEqual(failed, []);

  // the browser preflighted those calls itself (no token on a preflight); one more, asked explicitly
  const answer = await page.evaluate(async (gateway) => {
    const response = await fetch(`${gateway}/api/v1/sync/summary`, { headers: { Authorization: 'Bearer x' } });
    return { status: response.status, code: (await response.json()).code };
  }, GATEWAY);
  assert.deepEqual(answer, { status: 401, code: 'UNAUTHORIZED' }, 'the page can read the 401 problem');
  const preflight = await fetch(`${GATEWAY}/api/v1/groups`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
  assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
});

// pigeon.js's IndexedDB store in the real browser, with the scripted wire of client-js/test (no system needed):
// a pending send and the cursors survive a reload, and a page reloaded mid-sync shows nothing twice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, screenshot, serveFiles } from './pigeon-browser.mjs';

const FILES = {
  '/': ['e2e-tests/browser/blank.html', 'text/html'],
  '/pigeon.js': ['client-js/pigeon.js', 'text/javascript'],
  '/stand-in-pigeon.mjs': ['client-js/test/stand-in-pigeon.mjs', 'text/javascript'],
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

/** In the page: a client on a fresh scripted wire; resolves, once online, with the pending sends it loaded. */
async function start(page, { holdSendAcks = false, stored = 0 } = {}) {
  return page.evaluate(async ([hold, count]) => {
    const { StandInPigeon, until } = await import('/stand-in-pigeon.mjs');
    const { PigeonClient } = await import('/pigeon.js');
    const fake = new StandInPigeon('alice');
    for (let i = 1; i <= count; i++) fake.store('p:alice:bob', 'bob', `old ${i}`, { push: false });
    fake.holdSendAcks = hold;
    const client = new PigeonClient({ baseUrl: 'http://gateway.test', uid: 'alice', deviceId: 'd1', token: 't',
      WebSocket: fake.WebSocket, fetch: fake.fetch });
    window.received = [];
    client.addEventListener('message', ({ detail }) => window.received.push(detail.content));
    Object.assign(window, { fake, client, until });
    await client.connect();
    const loaded = client.pendingSends().length; // read from the store by connect(), before anything is sent
    await until(() => client.state === 'online');
    return loaded;
  }, [holdSendAcks, stored]);
}

test('a send without send_ack is in IndexedDB after a reload and goes out once', async () => {
  const page = await browser.page();
  await page.goto(origin);
  assert.equal(await start(page, { holdSendAcks: true }), 0);
  const clientMsgId = await page.evaluate(() => window.client.send('p:alice:bob', 'typed before the reload'));
  await page.reload();
  assert.equal(await start(page), 1, 'the pending send came back from IndexedDB');
  await page.evaluate(() => window.until(() => window.client.pendingSends().length === 0));
  const sent = await page.evaluate(() => window.fake.frames.filter((f) => f.type === 'send').map((f) => f.clientMsgId));
  assert.deepEqual(sent, [clientMsgId], 'resent under the same clientMsgId');
  await page.reload();
  assert.equal(await start(page), 0, 'gone from IndexedDB once acknowledged');
  await page.close(); // closes its database: the next test deletes it
});

test('messages and cursors survive a reload: what the server sends again is not shown again', async () => {
  const page = await browser.page();
  await page.goto(origin);
  await page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase('pigeon.alice');
    request.onsuccess = resolve;
    request.onerror = resolve;
    request.onblocked = () => reject(new Error('pigeon.alice is still open in another tab'));
  }));
  await start(page, { stored: 5 });
  assert.deepEqual(await page.evaluate(() => window.received), ['old 1', 'old 2', 'old 3', 'old 4', 'old 5']);
  await page.reload();
  // the new wire has the same five messages and no cursor: as if the acks had not been recorded before the reload
  await start(page, { stored: 5 });
  assert.deepEqual(await page.evaluate(() => window.received), [], 'nothing shown twice');
  await page.evaluate(() => window.fake.store('p:alice:bob', 'bob', 'new'));
  await page.evaluate(() => window.until(() => window.received.length === 1));
  const stored = await page.evaluate(async () => (await window.client.messages('p:alice:bob')).map((m) => `${m.seq}:${m.content}`));
  assert.deepEqual(stored, ['1:old 1', '2:old 2', '3:old 3', '4:old 4', '5:old 5', '6:new']);
  await screenshot(page, 'storage');
});

test('a tab keeps its device id across a reload; a duplicated tab gets its own', async () => {
  const first = await browser.page();
  await first.goto(origin);
  const tabDeviceId = () => import('/pigeon.js').then((pigeon) => pigeon.tabDeviceId('web'));
  const id = await first.evaluate(tabDeviceId);
  assert.match(id, /^web\.[0-9a-f]{16}$/);
  await first.reload();
  assert.equal(await first.evaluate(tabDeviceId), id, 'the same device after a reload');
  // a duplicated tab starts with a copy of the first one's sessionStorage
  const copy = await browser.page();
  await copy.goto(origin);
  await copy.evaluate((taken) => sessionStorage.setItem('pigeon.tabDeviceId.web', taken), id);
  const other = await copy.evaluate(tabDeviceId);
  assert.notEqual(other, id, 'the duplicate does not take over the first tab\'s device');
  assert.equal(await copy.evaluate(() => sessionStorage.getItem('pigeon.tabDeviceId.web')), other);
  await first.close();
  await copy.close();
});

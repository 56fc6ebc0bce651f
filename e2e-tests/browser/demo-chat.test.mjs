// Two users chat in two browsers through the demo page; one goes offline, comes back, and sees everything once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GATEWAY, launch, online, openChat, screenshot, shown, signIn, type, uid, waitForShown } from './pigeon-browser.mjs';

let aliceBrowser;
let bobBrowser;
before(async () => {
  aliceBrowser = await launch();
  bobBrowser = await launch();
});
after(async () => {
  await aliceBrowser?.close();
  await bobBrowser?.close();
});

test('two users chat; bob goes offline, alice sends 50, bob comes back and shows each once, in order', async () => {
  const alice = uid('alice');
  const bob = uid('bob');
  const a = await aliceBrowser.page();
  const b = await bobBrowser.page();
  await signIn(a, alice);
  await signIn(b, bob);
  await openChat(a, bob);
  await openChat(b, alice);

  // 1. online: alice's message reaches bob, and alice sees it delivered
  await type(a, 'hello bob');
  await waitForShown(b, 'hello bob', 1);
  await a.waitForSelector('#messages li.mine[data-status="delivered"]');
  await type(b, 'hi alice');
  await waitForShown(a, 'hi alice', 1);

  // 2. bob goes offline: the page's switch closes the socket (the server sees bob leave), then the network goes
  //    away (emulation), so that nothing comes back behind the switch's back
  await b.click('#offline');
  await b.waitForSelector('#state[data-state="offline"]');
  await bobBrowser.context.setOffline(true);
  await screenshot(b, 'demo-bob-offline');

  // 3. alice sends 50; with no device of bob's online they are "stored for offline"
  for (let i = 1; i <= 50; i++) await type(a, `m${String(i).padStart(2, '0')}`);
  const mine = (statuses) => a.waitForFunction((wanted) => [...document.querySelectorAll('#messages li.mine')]
    .filter((li) => li.querySelector('.content').textContent.startsWith('m') && li.dataset.seq
      && wanted.includes(li.dataset.status)).length === 50, statuses, { timeout: 60_000 });
  await mine(['sent', 'stored', 'delivered']);
  await a.waitForSelector('#messages li.mine[data-status="stored"]', { timeout: 15_000 });
  const whileOffline = (await shown(a)).filter((m) => m.content.startsWith('m'));
  assert.equal(whileOffline.filter((m) => m.status === 'delivered').length, 0, 'nothing reached bob yet');
  await screenshot(a, 'demo-alice-sent-50');

  // 4. bob comes back: sync brings all 50, once each, in order, and alice sees them delivered
  await bobBrowser.context.setOffline(false);
  await b.click('#offline');
  await online(b);
  await waitForShown(b, 'm', 50);
  const seen = (await shown(b)).filter((m) => m.content.startsWith('m'));
  assert.deepEqual(seen.map((m) => m.content), Array.from({ length: 50 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`));
  assert.equal(new Set(seen.map((m) => m.msgId)).size, 50, 'each message once');
  const seqs = seen.map((m) => m.seq);
  assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'ascending by seq');
  await mine(['delivered']);
  await screenshot(b, 'demo-bob-back');
  await screenshot(a, 'demo-alice-delivered');

  // 5. the conversation list shows unread counts for conversations not open
  const carol = uid('carol');
  const c = await aliceBrowser.page();
  await signIn(c, carol);
  await c.evaluate(async (peer) => {
    const { directConversationId } = await import('/pigeon.js');
    await window.pigeon.send(directConversationId(window.pigeon.uid, peer), 'psst');
  }, bob);
  await b.waitForSelector(`#conversations li .unread[data-count="1"]`);
  await screenshot(b, 'demo-bob-unread');
  await c.close();
});

test('the API viewer renders the OpenAPI document', async () => {
  const page = await aliceBrowser.page();
  await page.goto(`${GATEWAY}/api/v1/openapi/ui/`);
  for (const path of ['/api/v1/dev/token', '/api/v1/sync/summary', '/api/v1/conversations/{conversationId}/messages',
    '/api/v1/groups/{groupId}/members/{uid}']) {
    await page.locator('.opblock-summary-path', { hasText: path }).first().waitFor({ timeout: 30_000 });
  }
  assert.equal(await page.locator('.errors-wrapper').count(), 0, 'the viewer found no error in the document');
  await screenshot(page, 'openapi-viewer');
});

// pigeon.js across reloads: a send typed while offline survives the reload and arrives once; messages that
// arrive while the receiving page reloads are each stored and shown once, in order (IndexedDB).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, online, openChat, screenshot, shown, signIn, type, uid, waitForShown } from './pigeon-browser.mjs';

let senderBrowser;
let receiverBrowser;
before(async () => {
  senderBrowser = await launch();
  receiverBrowser = await launch();
});
after(async () => {
  await senderBrowser?.close();
  await receiverBrowser?.close();
});

test('a message typed offline survives a reload and is delivered exactly once', async () => {
  const dan = uid('dan');
  const erin = uid('erin');
  const d = await senderBrowser.page();
  const e = await receiverBrowser.page();
  await signIn(d, dan);
  await signIn(e, erin);
  await openChat(d, erin);
  await openChat(e, dan);

  // the page's offline switch (it survives the reload: the page must load, the socket must not come back)
  await d.click('#offline');
  await d.waitForSelector('#state[data-state="offline"]');
  await type(d, 'written on the train');
  await d.waitForSelector('#messages li.mine[data-status="sending"]');
  const pending = await d.evaluate(() => window.pigeon.pendingSends());
  assert.equal(pending.length, 1);

  // the reload: the page signs in again as the same device, reads the pending send from IndexedDB
  await d.reload();
  await d.waitForFunction(() => window.pigeon?.pendingSends().length === 1);
  await d.waitForSelector('#state[data-state="offline"]');
  await d.waitForSelector('#messages li.mine[data-status="sending"]');
  await screenshot(d, 'reload-pending-after-reload');
  assert.equal((await d.evaluate(() => window.pigeon.pendingSends()))[0].clientMsgId, pending[0].clientMsgId);
  assert.equal((await shown(e)).filter((m) => m.content === 'written on the train').length, 0, 'not sent yet');

  await d.click('#offline');
  await online(d);
  await waitForShown(e, 'written on the train', 1);
  await d.waitForSelector('#messages li.mine[data-status="delivered"]', { timeout: 30_000 });
  // a second reload resends nothing: the send_ack cleared it from IndexedDB
  await d.reload();
  await online(d);
  assert.equal(await d.evaluate(() => window.pigeon.pendingSends().length), 0);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const received = (await shown(e)).filter((m) => m.content === 'written on the train');
  assert.equal(received.length, 1, 'delivered once');
  const conversationId = await e.evaluate(() => document.querySelector('#chat-title').dataset.conversationId);
  const stored = await e.evaluate((c) => window.pigeon.messages(c), conversationId);
  assert.equal(stored.filter((m) => m.content === 'written on the train').length, 1, 'stored once');
  await screenshot(e, 'reload-received-once');
});

test('messages arriving while the receiver reloads are stored and shown once each, in order', async () => {
  const fay = uid('fay');
  const gus = uid('gus');
  const f = await senderBrowser.page();
  const g = await receiverBrowser.page();
  await signIn(f, fay);
  await signIn(g, gus);
  await openChat(f, gus);
  await openChat(g, fay);
  const conversationId = await g.evaluate(() => document.querySelector('#chat-title').dataset.conversationId);

  // 60 messages sent as fast as pigeon.js goes, while the receiver reloads twice in the middle
  const sending = f.evaluate(async (c) => {
    for (let i = 1; i <= 60; i++) await window.pigeon.send(c, `r${String(i).padStart(2, '0')}`);
  }, conversationId);
  await waitForShown(g, 'r', 5);
  await g.reload();
  await online(g);
  await g.reload();
  await sending;
  await online(g);
  await waitForShown(g, 'r', 60);

  const stored = await g.evaluate((c) => window.pigeon.messages(c), conversationId);
  const rs = stored.filter((m) => m.content.startsWith('r'));
  assert.deepEqual(rs.map((m) => m.content), Array.from({ length: 60 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`));
  assert.equal(new Set(rs.map((m) => m.msgId)).size, 60);
  const page = (await shown(g)).filter((m) => m.content.startsWith('r'));
  assert.deepEqual(page.map((m) => m.content), rs.map((m) => m.content), 'the page shows each once, in order');
  assert.equal(await g.evaluate((c) => window.pigeon.cursor(c), conversationId), stored[stored.length - 1].seq);
  await screenshot(g, 'reload-receiver-60');
});

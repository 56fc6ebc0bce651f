// A group of three browsers: all send at once, all see one order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, screenshot, signIn, uid } from './pigeon-browser.mjs';

const browsers = [];
before(async () => {
  for (let i = 0; i < 3; i++) browsers.push(await launch());
});
after(async () => {
  for (const browser of browsers) await browser.close();
});

test('three members send at the same time and every browser shows the same order, each message once', async () => {
  const users = [uid('hal'), uid('ida'), uid('jon')];
  const pages = [];
  for (let i = 0; i < 3; i++) {
    pages.push(await browsers[i].page());
    await signIn(pages[i], users[i]);
  }
  // the owner creates the group through the page's form
  await pages[0].fill('#group-name', 'trio');
  await pages[0].fill('#group-members', `${users[1]}, ${users[2]}`);
  await pages[0].click('#new-group button');
  await pages[0].waitForSelector(`#members [data-uid="${users[2]}"]`);
  const conversationId = await pages[0].evaluate(() => document.querySelector('#chat-title').dataset.conversationId);
  assert.match(conversationId, /^g:/);
  // the other members may read it at once
  for (const page of pages.slice(1)) {
    const group = await page.evaluate((c) => window.pigeon.group(c.slice(2)), conversationId);
    assert.deepEqual([...group.members].sort(), [...users].sort());
  }

  await Promise.all(pages.map((page, i) => page.evaluate(async ([c, who]) => {
    for (let n = 1; n <= 15; n++) await window.pigeon.send(c, `${who}:${n}`);
  }, [conversationId, users[i]])));

  // what each browser stored, once all 45 are there (waitForFunction takes no async predicate: poll here)
  const stored = (page) => page.evaluate(async (c) => (await window.pigeon.messages(c))
    .map((m) => `${m.seq}:${m.content}`), conversationId);
  const orders = await Promise.all(pages.map(async (page) => {
    const deadline = Date.now() + 60_000;
    let lines = await stored(page);
    while (lines.length < 45 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      lines = await stored(page);
    }
    return lines;
  }));
  assert.equal(orders[0].length, 45);
  assert.equal(new Set(orders[0]).size, 45, 'each message once');
  assert.deepEqual(orders[1], orders[0], 'the second member sees the owner\'s order');
  assert.deepEqual(orders[2], orders[0], 'the third member sees the owner\'s order');
  for (const who of users) {
    const own = orders[0].filter((line) => line.split(':')[1] === who).map((line) => Number(line.split(':')[2]));
    assert.deepEqual(own, Array.from({ length: 15 }, (_, i) => i + 1), `${who}'s messages in the order sent`);
  }
  for (let i = 0; i < 3; i++) {
    await pages[i].click(`#conversations li[data-conversation-id="${conversationId}"]`);
    await screenshot(pages[i], `group-member-${i + 1}`);
  }
});

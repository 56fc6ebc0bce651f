// pigeon.js's state machine against a scripted wire (StandInPigeon): ordering, gaps, dedup, acks, resends, sync.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { PigeonClient, directConversationId } from '../pigeon.js';
import { StandInPigeon, until } from './stand-in-pigeon.mjs';

const CONV = 'p:alice:bob';
const clients = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function client(fake, options = {}) {
  const c = new PigeonClient({
    baseUrl: 'http://gateway.test', uid: 'alice', deviceId: 'd1', token: 'jwt', storage: 'memory',
    WebSocket: fake.WebSocket, fetch: fake.fetch, ackDelayMs: 20, reconnectMinMs: 5, reconnectMaxMs: 40,
    tailCheckEveryMs: 60_000, ...options,
  });
  clients.push(c);
  c.received = [];
  c.statuses = [];
  c.states = [];
  c.addEventListener('message', ({ detail }) => c.received.push(detail));
  c.addEventListener('status', ({ detail }) => c.statuses.push(`${detail.clientMsgId}:${detail.status}`));
  c.addEventListener('state', ({ detail }) => c.states.push(detail.state));
  return c;
}

const acksSent = (fake, conversationId = CONV) => fake.frames.filter((f) => f.type === 'ack')
  .flatMap((f) => f.acks).filter((a) => a.conversationId === conversationId).map((a) => a.seq);

test('the paged sync starts only once the connection answered its first ping, and acknowledges every page', async () => {
  const fake = new StandInPigeon('alice');
  for (let i = 1; i <= 5; i++) fake.store(CONV, 'bob', `old ${i}`, { push: false });
  const c = client(fake, { syncPageSize: 2 });
  await c.connect();
  await until(() => c.state === 'online');
  const pong = fake.log.indexOf('pong');
  const firstSync = fake.log.findIndex((line) => line.startsWith('GET /api/v1/sync?'));
  assert.ok(pong >= 0 && firstSync > pong, `sync after pong: ${fake.log.join(' | ')}`);
  assert.deepEqual(c.received.map((m) => m.content), ['old 1', 'old 2', 'old 3', 'old 4', 'old 5']);
  const syncs = fake.requests.filter((p) => p.startsWith('/api/v1/sync?'));
  assert.equal(syncs.length, 4, 'three pages and the request that acknowledges the last one');
  assert.ok(syncs.slice(1).every((p) => p.includes('ack=')));
  assert.equal(fake.cursor.get(CONV), 5);
  c.close();
});

test('pushes that arrive while the sync runs are shown once, after what the sync brought', async () => {
  const fake = new StandInPigeon('alice');
  for (let i = 1; i <= 3; i++) fake.store(CONV, 'bob', `old ${i}`, { push: false });
  fake.syncDelay = 80;
  const c = client(fake);
  await c.connect();
  await until(() => fake.log.includes('pong'));
  const live = fake.store(CONV, 'bob', 'live 4'); // pushed at once: the connection is live from the pong
  fake.pushToAll(fake.conversations.get(CONV)[0]); // and a resend of one the sync also brings
  await until(() => c.state === 'online');
  await until(() => c.received.length === 4);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(c.received.map((m) => m.content), ['old 1', 'old 2', 'old 3', 'live 4']);
  assert.equal(c.received[3].msgId, live.msgId);
});

test('a seq jump is filled through history before the later message is shown, and acks never pass the gap', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  fake.store(CONV, 'bob', 'one');
  await until(() => c.received.length === 1);
  fake.dropPushes = true;
  fake.store(CONV, 'bob', 'two (push lost)');
  fake.dropPushes = false;
  fake.historyDelay = 100;
  fake.store(CONV, 'bob', 'three');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(c.received.map((m) => m.content), ['one'], 'three waits for two');
  assert.ok(acksSent(fake).every((seq) => seq <= 1), `no ack past the gap: ${acksSent(fake)}`);
  await until(() => c.received.length === 3);
  assert.deepEqual(c.received.map((m) => m.seq), [1, 2, 3]);
  assert.ok(fake.requests.some((p) => p.startsWith(`/api/v1/conversations/${encodeURIComponent(CONV)}/messages?afterSeq=1`)));
  await until(() => acksSent(fake).includes(3));
  c.close();
});

test('a hole in the seqs is legal: history shows nothing is missing, and the message is shown', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  fake.store(CONV, 'bob', 'one');
  fake.store(CONV, 'bob', 'five', { seq: 5 });
  await until(() => c.received.length === 2);
  assert.deepEqual(c.received.map((m) => m.seq), [1, 5]);
  assert.equal(c.cursor(CONV), 5);
  c.close();
});

test('a message pushed again (resend, or also read by sync) reaches the app once', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  const message = fake.store(CONV, 'bob', 'once');
  fake.pushToAll(message);
  fake.pushToAll(message);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(c.received.map((m) => m.msgId), [message.msgId]);
  c.close();
});

test('acks are batched: at least every 64 messages, own echoes included, and the rest after the delay', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake, { ackDelayMs: 200 });
  await c.connect();
  await until(() => c.state === 'online');
  fake.frames.length = 0;
  for (let i = 1; i <= 100; i++) fake.store(CONV, 'bob', `b${i}`);
  await c.send(CONV, 'mine');
  await until(() => c.received.length === 101);
  await until(() => acksSent(fake).includes(64));
  const early = fake.frames.filter((f) => f.type === 'ack').length;
  assert.ok(early >= 1 && early <= 2, `one ack frame for the first 64, not one per message (${early})`);
  await until(() => acksSent(fake).includes(101), 1000);
  assert.equal(c.received[100].senderId, 'alice', 'the own echo is counted and acknowledged');
  c.close();
});

test('a send without send_ack is resent after a reconnect under the same clientMsgId, and stored once', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  fake.holdSendAcks = true;
  const clientMsgId = await c.send(CONV, 'survives');
  await until(() => fake.frames.some((f) => f.type === 'send'));
  fake.holdSendAcks = false;
  fake.socket.close(1006, '');
  await until(() => fake.sockets.length === 2 && c.state === 'online');
  await until(() => c.pendingSends().length === 0);
  const sends = fake.frames.filter((f) => f.type === 'send');
  assert.equal(sends.length, 2);
  assert.deepEqual(sends.map((f) => f.clientMsgId), [clientMsgId, clientMsgId]);
  assert.deepEqual(sends.map((f) => f.clientId), [1, 1], 'clientId starts at 1 on every connection');
  assert.equal(fake.stored, 1);
  assert.ok(c.statuses.includes(`${clientMsgId}:sent`));
  c.close();
});

test('a refused send fails alone: later sends are renumbered from its clientId and delivered', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  fake.refuse = (frame) => (frame.content === 'forbidden' ? { code: 'FORBIDDEN', message: 'not a member' } : null);
  const bad = await c.send('g:other', 'forbidden');
  const good1 = await c.send(CONV, 'after 1');
  const good2 = await c.send(CONV, 'after 2');
  await until(() => c.pendingSends().length === 0);
  assert.ok(c.statuses.includes(`${bad}:failed`));
  assert.ok(c.statuses.includes(`${good1}:sent`) && c.statuses.includes(`${good2}:sent`));
  assert.equal(fake.stored, 2);
  assert.deepEqual(fake.conversations.get(CONV).map((m) => m.content), ['after 1', 'after 2'], 'in the order sent');
  c.close();
});

test('a rate-limited send waits and is sent again, in order with the ones after it', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  let refusals = 1;
  fake.refuse = () => (refusals-- > 0 ? { code: 'RATE_LIMITED', message: 'slow down' } : null);
  await c.send(CONV, 'first');
  await c.send(CONV, 'second');
  await until(() => c.pendingSends().length === 0, 3000);
  assert.deepEqual(fake.conversations.get(CONV).map((m) => m.content), ['first', 'second']);
  c.close();
});

test('tail loss: a last message whose push was lost is found through the summary', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake, { tailCheckEveryMs: 50 });
  await c.connect();
  await until(() => c.state === 'online');
  fake.dropPushes = true;
  fake.store(CONV, 'bob', 'the last word');
  await until(() => c.received.length === 1, 1000);
  assert.ok(fake.requests.includes('/api/v1/sync/summary'));
  await until(() => acksSent(fake).includes(1));
  c.close();
});

test('own message states: sending, sent, then stored for offline and delivered', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  const id = await c.send(CONV, 'hi');
  await until(() => c.received.length === 1);
  fake.socket.push({ type: 'delivered', conversationId: CONV, seq: 1, by: 'bob', offline: true });
  await until(() => c.statuses.includes(`${id}:stored`));
  fake.socket.push({ type: 'delivered', conversationId: CONV, seq: 1, by: 'bob', offline: false });
  await until(() => c.statuses.includes(`${id}:delivered`));
  assert.deepEqual(c.statuses, [`${id}:sending`, `${id}:sent`, `${id}:stored`, `${id}:delivered`]);
  c.close();
});

test('reconnects back off with jitter; a replaced device does not fight back', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake, { reconnectMinMs: 10, reconnectMaxMs: 80 });
  const delays = [];
  c.addEventListener('state', ({ detail }) => detail.retryInMs !== undefined && delays.push(detail.retryInMs));
  fake.WebSocket.prototype.send = function refuse() {
    this.close(1013, 'try again later');
  };
  await c.connect();
  await until(() => delays.length >= 5, 3000);
  const ceilings = [10, 20, 40, 80, 80];
  delays.slice(0, 5).forEach((delay, i) => assert.ok(delay >= ceilings[i] / 2 && delay <= ceilings[i],
    `attempt ${i}: ${delay} ms within [${ceilings[i] / 2}, ${ceilings[i]}]`));
  c.close();

  const other = new StandInPigeon('alice');
  const d = client(other);
  await d.connect();
  await until(() => d.state === 'online');
  other.socket.close(1000, 'replaced');
  await until(() => d.state === 'replaced');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(other.sockets.length, 1, 'no reconnect');
  d.close();
});

test('closed for being idle, the client connects again when there is something to send', async () => {
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await until(() => c.state === 'online');
  fake.socket.close(1000, 'idle');
  await until(() => c.state === 'offline');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(fake.sockets.length, 1, 'no reconnect for an idle close');
  await c.send(CONV, 'wake up');
  await until(() => fake.sockets.length === 2 && c.pendingSends().length === 0);
  assert.equal(fake.conversations.get(CONV)[0].content, 'wake up');
});

test('input is checked before anything is stored', async () => {
  assert.equal(directConversationId('bob', 'alice'), 'p:alice:bob');
  assert.throws(() => directConversationId('alice', 'alice'), RangeError);
  assert.throws(() => new PigeonClient({ uid: 'a b', deviceId: 'd', token: 't' }), /uid: a b/);
  const fake = new StandInPigeon('alice');
  const c = client(fake);
  await c.connect();
  await assert.rejects(c.send(CONV, 'x'.repeat(16 * 1024 + 1)), /content: 16385 bytes/);
  await assert.rejects(c.send(CONV, 'x', { contentType: 'Text' }), /contentType: Text/);
  assert.equal(c.pendingSends().length, 0);
  c.close();
});

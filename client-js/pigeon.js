// pigeon.js: the browser client of Pigeon (PROTOCOL.md v1). An ES module with no dependencies and no build step.
//
// What it guarantees, so that an app does not have to:
// - a send survives a reload, a closed tab and a dropped connection: it is written to IndexedDB before it goes
//   out, resent under the same clientMsgId until its send_ack (the server never stores it twice);
// - every message reaches the app exactly once and in seq order per conversation: duplicates are dropped by
//   msgId and seq, a seq jump is filled through the history call before later messages are shown;
// - received messages and the per-conversation cursor are committed in one IndexedDB transaction, and the
//   'message' event fires only after it, so a reload neither loses nor repeats a message;
// - acks are cumulative, batched (every 64 messages or 250 ms, own echoes included), and never pass a gap;
// - reconnects back off with jitter; on every connection: ping, pong (pushes flow), then the paged sync, so no
//   message falls between the two; then the tail-loss check against /sync/summary.

const PROTOCOL_WINDOW = 256; // PROTOCOL.md §3: at most this many unacknowledged pushes per connection
const MAX_CONTENT_BYTES = 16 * 1024;
const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const PERMANENT_ERRORS = new Set(['BAD_FRAME', 'TOO_LARGE', 'FORBIDDEN', 'NOT_FOUND']);
const TRANSIENT_ERRORS = new Set(['RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL']);
const textEncoder = new TextEncoder();
const OPEN = 1; // WebSocket.OPEN, the same for every implementation

/** An error answered by the REST API: the RFC 9457 problem document with Pigeon's `code`. */
export class PigeonApiError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem?.code ?? 'ERROR'}: ${problem?.detail ?? 'request failed'}`);
    this.name = 'PigeonApiError';
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem ?? null;
  }
}

/** The one-to-one conversation id of two users: `p:<a>:<b>` with a < b (byte order). */
export function directConversationId(uidA, uidB) {
  if (!ID.test(uidA) || !ID.test(uidB) || uidA === uidB) {
    throw new RangeError(`uids: ${uidA}, ${uidB} (expected: two different ids matching ${ID})`);
  }
  return uidA < uidB ? `p:${uidA}:${uidB}` : `p:${uidB}:${uidA}`;
}

/**
 * A device id for this browser tab (ADR 0011): `<base>.<random>`, kept in sessionStorage so that a reload keeps
 * it, and held under a Web Lock so that a duplicated tab (which copies sessionStorage) mints its own instead of
 * replacing the first tab's connection.
 */
export async function tabDeviceId(base = 'web') {
  const key = `pigeon.tabDeviceId.${base}`;
  let id = globalThis.sessionStorage?.getItem(key);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!id) id = `${base}.${randomId(8)}`;
    if (await holdTabLock(id)) {
      globalThis.sessionStorage?.setItem(key, id);
      return id;
    }
    id = null;
  }
  throw new Error('no free tab device id after 5 attempts');
}

const tabLocks = new Set();

/**
 * Holds the device's lock for the tab's lifetime. Waits a moment for it: on a reload the page that is going away
 * may still hold it; a duplicated tab that is alive holds it for good, and then the answer is false.
 */
function holdTabLock(deviceId) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return Promise.resolve(true);
  if (tabLocks.has(deviceId)) return Promise.resolve(true);
  return new Promise((resolve) => {
    locks.request(lockName(deviceId), { signal: AbortSignal.timeout(1500) }, () => {
      tabLocks.add(deviceId);
      resolve(true);
      return new Promise(() => {}); // held until the tab goes away
    }).catch(() => resolve(false));
  });
}

function lockName(deviceId) {
  return `pigeon.device.${deviceId}`;
}

function randomId(bytes) {
  const data = new Uint8Array(bytes);
  crypto.getRandomValues(data);
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}

function newClientMsgId() {
  return globalThis.crypto?.randomUUID ? crypto.randomUUID() : randomId(16);
}

// ------------------------------------------------------------------------------------------------------------
// storage: IndexedDB (one database per user), or memory where there is none

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Messages (key [conversationId, seq]), cursors (key [deviceId, conversationId]) and pending sends (clientMsgId). */
class IndexedDbStore {
  static async open(uid) {
    const open = indexedDB.open(`pigeon.${uid}`, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('messages', { keyPath: ['conversationId', 'seq'] }).createIndex('msgId', 'msgId', { unique: true });
      db.createObjectStore('cursors', { keyPath: ['deviceId', 'conversationId'] });
      db.createObjectStore('pending', { keyPath: 'clientMsgId' }).createIndex('createdAt', 'createdAt');
    };
    return new IndexedDbStore(await request(open));
  }

  constructor(db) {
    this.db = db;
  }

  async cursors(deviceId) {
    const range = IDBKeyRange.bound([deviceId, ''], [deviceId, '\uffff']);
    const rows = await request(this.db.transaction('cursors').objectStore('cursors').getAll(range));
    return new Map(rows.map((row) => [row.conversationId, row.seq]));
  }

  /** Stores messages (already in order) and moves the cursor in one transaction. */
  async deliver(deviceId, conversationId, messages, cursor) {
    const tx = this.db.transaction(['messages', 'cursors'], 'readwrite');
    const store = tx.objectStore('messages');
    for (const message of messages) {
      // another tab of the same user may have stored it already: same key, same content
      store.put(message);
    }
    tx.objectStore('cursors').put({ deviceId, conversationId, seq: cursor });
    await done(tx);
  }

  async messages(conversationId, limit) {
    const range = IDBKeyRange.bound([conversationId, 0], [conversationId, Number.MAX_SAFE_INTEGER]);
    const rows = [];
    const cursor = this.db.transaction('messages').objectStore('messages').openCursor(range, 'prev');
    await new Promise((resolve, reject) => {
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || rows.length >= limit) return resolve();
        rows.push(c.value);
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error);
    });
    return rows.reverse();
  }

  async putPending(item) {
    const tx = this.db.transaction('pending', 'readwrite');
    tx.objectStore('pending').put(item);
    await done(tx);
  }

  async deletePending(clientMsgId) {
    const tx = this.db.transaction('pending', 'readwrite');
    tx.objectStore('pending').delete(clientMsgId);
    await done(tx);
  }

  async allPending() {
    return request(this.db.transaction('pending').objectStore('pending').index('createdAt').getAll());
  }
}

/** The same contract without persistence: for runtimes without IndexedDB, and for apps that opt out. */
class MemoryStore {
  constructor() {
    this.byConversation = new Map();
    this.msgIds = new Set();
    this.cursorRows = new Map();
    this.pending = new Map();
  }

  async cursors(deviceId) {
    return new Map([...(this.cursorRows.get(deviceId) ?? new Map())]);
  }

  async deliver(deviceId, conversationId, messages, cursor) {
    const list = this.byConversation.get(conversationId) ?? [];
    for (const message of messages) {
      if (!this.msgIds.has(message.msgId)) {
        this.msgIds.add(message.msgId);
        list.push(message);
      }
    }
    list.sort((a, b) => a.seq - b.seq);
    this.byConversation.set(conversationId, list);
    if (!this.cursorRows.has(deviceId)) this.cursorRows.set(deviceId, new Map());
    this.cursorRows.get(deviceId).set(conversationId, cursor);
  }

  async messages(conversationId, limit) {
    return (this.byConversation.get(conversationId) ?? []).slice(-limit);
  }

  async putPending(item) {
    this.pending.set(item.clientMsgId, item);
  }

  async deletePending(clientMsgId) {
    this.pending.delete(clientMsgId);
  }

  async allPending() {
    return [...this.pending.values()].sort((a, b) => a.createdAt - b.createdAt);
  }
}

// ------------------------------------------------------------------------------------------------------------

/**
 * One device of one user, connected to Pigeon through the gateway. Events (CustomEvent, payload in `detail`):
 * `message` (a message, in order, once), `status` (an own message's state: sending, sent, delivered, stored,
 * failed), `state` (the connection: connecting, syncing, online, offline, replaced, closed), `error`.
 */
export class PigeonClient extends EventTarget {
  /**
   * @param {object} options see pigeon.d.ts
   */
  constructor(options) {
    super();
    const { baseUrl, uid, deviceId, token } = options ?? {};
    if (!ID.test(uid ?? '')) throw new RangeError(`uid: ${uid} (expected: ${ID})`);
    if (!ID.test(deviceId ?? '')) throw new RangeError(`deviceId: ${deviceId} (expected: ${ID})`);
    if (typeof token !== 'function' && typeof token !== 'string') {
      throw new TypeError('token: expected a JWT string or a function returning one (or a promise of one)');
    }
    this.uid = uid;
    this.deviceId = deviceId;
    this.baseUrl = (baseUrl ?? globalThis.location?.origin ?? '').replace(/\/$/, '');
    this.options = {
      ackEvery: 64,
      ackDelayMs: 250,
      reconnectMinMs: 500,
      reconnectMaxMs: 30_000,
      pingEveryMs: 25_000,
      sendAckTimeoutMs: 10_000,
      tailCheckEveryMs: 30_000,
      syncPageSize: 200,
      storage: 'indexeddb',
      ...options,
    };
    if (this.options.ackEvery < 1 || this.options.ackEvery > PROTOCOL_WINDOW / 4) {
      throw new RangeError(`ackEvery: ${this.options.ackEvery} (expected: 1..${PROTOCOL_WINDOW / 4})`);
    }
    this._token = token;
    this.state = 'closed';
    this._closed = true; // until connect()
    this._offline = false;
    this._ws = null;
    this._attempt = 0;
    this._timers = new Map();
    this._work = Promise.resolve(); // everything that touches ordering state runs in this chain, one at a time
    this._cursors = new Map(); // conversationId -> highest seq delivered with nothing missing before it
    this._held = new Map(); // conversationId -> Map(seq -> message) that wait for a gap to be filled
    this._recentMsgIds = new Set();
    this._pending = []; // own sends without send_ack, in the order they were made
    this._own = new Map(); // clientMsgId -> { conversationId, msgId, seq, status }
    this._deliveredUpTo = new Map(); // conversationId -> highest seq a `delivered` frame covered, and offline
    this._ackDirty = new Map(); // conversationId -> true: an ack is owed
  }

  // --- lifecycle

  /** Opens the store, loads cursors and pending sends, and connects. Resolves once loaded, not once online. */
  async connect() {
    if (!this._store) {
      this._store = this.options.storage === 'memory' || !globalThis.indexedDB
        ? new MemoryStore() : await IndexedDbStore.open(this.uid);
      this._cursors = await this._store.cursors(this.deviceId);
      this._pending = (await this._store.allPending()).filter((item) => item.uid === this.uid);
      for (const item of this._pending) this._track(item.clientMsgId, item.conversationId, 'sending');
      this._onNetwork = () => this._kick();
      globalThis.addEventListener?.('online', this._onNetwork);
    }
    this._closed = false;
    if (this._offline) this._setState('offline');
    else this._open();
  }

  /** Closes the connection for good (pending sends stay stored and go out on the next connect). */
  close() {
    this._closed = true;
    globalThis.removeEventListener?.('online', this._onNetwork);
    this._drop(1000, 'client closed');
    this._setState('closed');
  }

  /**
   * Takes the client off the network (true) or back on (false): the demo's offline switch. Before connect() it
   * only decides whether connect() goes online.
   */
  setOffline(offline) {
    this._offline = Boolean(offline);
    if (this._offline) {
      this._drop(1000, 'offline');
      if (!this._closed) this._setState('offline');
    } else {
      this._kick();
    }
  }

  _kick() {
    if (this._closed || this._offline || this._ws) return;
    this._idle = false;
    this._clearTimer('reconnect');
    this._attempt = 0;
    this._open();
  }

  async _open() {
    if (this._closed || this._offline || this._ws) return;
    this._setState('connecting', { attempt: this._attempt });
    let token;
    try {
      token = await this._currentToken();
    } catch (error) {
      this._emit('error', { error });
      this._scheduleReconnect();
      return;
    }
    if (this._closed || this._offline || this._ws) return;
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
    const ws = new (this.options.WebSocket ?? globalThis.WebSocket)(url);
    this._ws = ws;
    this._live = false;
    this._nextClientId = 1;
    this._inflight = new Map(); // clientId -> pending item, on this connection
    ws.onopen = () => ws.send(JSON.stringify({ type: 'ping' }));
    ws.onmessage = (event) => this._onFrame(ws, event.data);
    ws.onclose = (event) => this._onClose(ws, event.code, event.reason);
    ws.onerror = () => {}; // onclose follows with the code
  }

  async _currentToken() {
    return typeof this._token === 'function' ? await this._token() : this._token;
  }

  _onClose(ws, code, reason) {
    if (this._ws !== ws) return;
    this._ws = null;
    this._live = false;
    this._clearTimer('ping');
    this._clearTimer('ack');
    this._clearTimer('tail');
    if (this._closed || this._offline) return;
    if (code === 1000 && reason === 'replaced') {
      // the same uid and device connected elsewhere: fighting back would replace it in turn
      this._setState('replaced');
      return;
    }
    if (code === 1000 && reason === 'idle') {
      this._idle = true; // not a failure: the next send (or the network coming back) connects again
      this._setState('offline', { reason: 'idle' });
      return;
    }
    this._scheduleReconnect(code);
  }

  _scheduleReconnect(code) {
    const { reconnectMinMs, reconnectMaxMs } = this.options;
    const ceiling = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** this._attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2); // "equal jitter": never a storm
    this._attempt++;
    this._setState('offline', { code, retryInMs: delay });
    this._setTimer('reconnect', delay, () => this._open());
  }

  _drop(code, reason) {
    const ws = this._ws;
    this._ws = null;
    this._live = false;
    for (const name of ['ping', 'ack', 'tail', 'reconnect']) this._clearTimer(name);
    if (ws) {
      try {
        ws.close(code, reason);
      } catch {
        // already closing
      }
    }
  }

  // --- frames in

  _onFrame(ws, data) {
    if (this._ws !== ws) return;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'pong':
        if (!this._live) this._run(() => this._becomeLive(ws));
        break;
      case 'message':
        this._run(() => this._ingest(frame, false));
        break;
      case 'send_ack':
        this._run(() => this._onSendAck(frame));
        break;
      case 'delivered':
        this._onDelivered(frame);
        break;
      case 'error':
        this._run(() => this._onError(ws, frame));
        break;
      default:
        break; // ack_ok and unknown types: nothing to do
    }
  }

  /** Pushes flow from the first pong on: now the sync cannot miss a message that is stored meanwhile. */
  async _becomeLive(ws) {
    if (this._ws !== ws || this._live) return;
    this._live = true;
    this._setTimer('ping', this.options.pingEveryMs, () => this._ping(ws), true);
    this._setState('syncing');
    try {
      // pushes that arrive meanwhile wait in the work chain behind this task, then drop out as duplicates
      await this._sync();
    } catch (error) {
      this._emit('error', { error });
      if (this._ws === ws) ws.close(4000, 'sync failed'); // reconnect with backoff and try again
      return;
    }
    try {
      // not worth a reconnect when they fail: the next push retries a gap, the timer the tail check
      await this._fillHeldGaps();
      await this._tailCheck();
    } catch (error) {
      this._emit('error', { error });
    }
    if (this._ws !== ws) return;
    this._attempt = 0;
    this._flushAcks();
    this._resendPending();
    this._setState('online');
    this._setTimer('tail', this.options.tailCheckEveryMs, () => this._run(() => this._tailCheck()), true);
  }

  _ping(ws) {
    if (this._ws === ws && ws.readyState === OPEN) ws.send(JSON.stringify({ type: 'ping' }));
  }

  async _sync() {
    let ack = null;
    for (;;) {
      const query = `limit=${this.options.syncPageSize}${ack ? `&ack=${encodeURIComponent(ack)}` : ''}`;
      const page = await this.api('GET', `/api/v1/sync?${query}`);
      for (const message of page.messages) await this._ingest(message, true);
      this._flushAcks(); // what sync delivered frees the push window at once
      if (!page.next) return; // the request that acknowledged the last page
      ack = page.next;
    }
  }

  /**
   * Takes one message from a push, a sync page or a history page. `contiguous`: the message comes from a source
   * that lists every message after the cursor (sync), so a seq jump there is a legal hole, not a gap.
   */
  async _ingest(message, contiguous) {
    this._ackDirty.set(message.conversationId, true);
    try {
      await this._order(message, contiguous);
    } finally {
      this._countForAck(); // after delivery: the ack covers this message unless it waits for a gap
    }
  }

  async _order(message, contiguous) {
    const conversationId = message.conversationId;
    const cursor = this._cursors.get(conversationId) ?? 0;
    if (message.seq <= cursor || this._recentMsgIds.has(message.msgId)) return;
    if (contiguous || message.seq === cursor + 1) {
      await this._deliver(conversationId, [message]);
      await this._drainHeld(conversationId);
      return;
    }
    const held = this._held.get(conversationId) ?? new Map();
    held.set(message.seq, message);
    this._held.set(conversationId, held);
    await this._fillGap(conversationId);
  }

  async _deliver(conversationId, messages) {
    const fresh = [];
    for (const message of messages) {
      const { type, ...stored } = message;
      // below the cursor already dropped (that holds across reloads); here a resend under another seq view
      if (!this._recentMsgIds.has(stored.msgId)) fresh.push(stored);
    }
    const cursor = messages[messages.length - 1].seq;
    await this._store.deliver(this.deviceId, conversationId, fresh, cursor);
    this._cursors.set(conversationId, Math.max(cursor, this._cursors.get(conversationId) ?? 0));
    for (const message of fresh) {
      this._remember(message.msgId);
      if (message.senderId === this.uid) this._ownEcho(message);
      this._emit('message', message);
    }
  }

  _remember(msgId) {
    this._recentMsgIds.add(msgId);
    if (this._recentMsgIds.size > 10_000) {
      this._recentMsgIds.delete(this._recentMsgIds.values().next().value);
    }
  }

  async _drainHeld(conversationId) {
    const held = this._held.get(conversationId);
    if (!held) return;
    for (;;) {
      const cursor = this._cursors.get(conversationId) ?? 0;
      for (const seq of [...held.keys()]) if (seq <= cursor) held.delete(seq);
      const next = held.get(cursor + 1);
      if (!next) break;
      held.delete(cursor + 1);
      await this._deliver(conversationId, [next]);
    }
    if (held.size === 0) this._held.delete(conversationId);
  }

  /** A seq jump: read the history after the cursor up to the held message; what is not there is a legal hole. */
  async _fillGap(conversationId) {
    const held = this._held.get(conversationId);
    if (!held || held.size === 0) return;
    const target = Math.min(...held.keys());
    await this._readHistoryUpTo(conversationId, target - 1);
    // everything below target that exists is delivered now; the rest of the range is a hole
    const cursor = this._cursors.get(conversationId) ?? 0;
    if (cursor < target - 1) {
      const first = held.get(target);
      held.delete(target);
      await this._deliver(conversationId, [first]);
    }
    await this._drainHeld(conversationId);
    if (this._held.get(conversationId)?.size) await this._fillGap(conversationId);
  }

  async _fillHeldGaps() {
    for (const conversationId of [...this._held.keys()]) await this._fillGap(conversationId);
  }

  async _readHistoryUpTo(conversationId, lastSeq) {
    for (;;) {
      const cursor = this._cursors.get(conversationId) ?? 0;
      if (cursor >= lastSeq) return;
      const page = await this.api('GET', `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`
        + `?afterSeq=${cursor}&limit=200`);
      const wanted = page.messages.filter((m) => m.seq > cursor && m.seq <= lastSeq);
      if (wanted.length > 0) await this._deliver(conversationId, wanted);
      if (!page.hasMore || page.messages.length === 0 || page.messages[page.messages.length - 1].seq >= lastSeq) {
        return;
      }
    }
  }

  /** Tail loss: the last push of a conversation lost, and nothing after it to show a gap. The summary tells. */
  async _tailCheck() {
    if (!this._ws) return;
    const summary = await this.api('GET', '/api/v1/sync/summary');
    for (const { conversationId, maxSeq } of summary.conversations) {
      if ((this._cursors.get(conversationId) ?? 0) < maxSeq && !this._held.get(conversationId)?.size) {
        await this._readHistoryUpTo(conversationId, maxSeq);
        this._ackDirty.set(conversationId, true);
      }
    }
    this._flushAcks();
  }

  // --- acks out

  _countForAck() {
    if (!this._live) return;
    this._ackCount = (this._ackCount ?? 0) + 1;
    if (this._ackCount >= this.options.ackEvery) {
      this._flushAcks(); // runs inside the work chain: every message counted so far is stored
    } else if (!this._timers.has('ack')) {
      this._setTimer('ack', this.options.ackDelayMs, () => this._flushAcksAfterWork());
    }
  }

  /** The timer's flush waits for the messages being stored now: an ack never runs ahead of the store. */
  _flushAcksAfterWork() {
    this._clearTimer('ack');
    this._run(() => this._flushAcks());
  }

  _flushAcks() {
    this._clearTimer('ack');
    this._ackCount = 0;
    const ws = this._ws;
    if (!ws || !this._live || ws.readyState !== OPEN || this._ackDirty.size === 0) return;
    const acks = [];
    for (const conversationId of this._ackDirty.keys()) {
      const seq = this._cursors.get(conversationId) ?? 0;
      // cumulative: the cursor is the highest seq with nothing missing before it, never past a gap
      if (seq > 0) acks.push({ conversationId, seq });
    }
    this._ackDirty.clear();
    if (acks.length > 0) ws.send(JSON.stringify({ type: 'ack', acks }));
  }

  // --- sends

  /**
   * Sends a message: stored first (a reload or a closed tab loses nothing), then sent, and resent under the same
   * clientMsgId until the server answers. Resolves with the clientMsgId once stored.
   */
  async send(conversationId, content, { contentType = 'text' } = {}) {
    if (!this._store) throw new Error('send before connect()');
    if (typeof content !== 'string') throw new TypeError('content: expected a string');
    const bytes = textEncoder.encode(content).length;
    if (bytes > MAX_CONTENT_BYTES) {
      throw new RangeError(`content: ${bytes} bytes of UTF-8 (expected: at most ${MAX_CONTENT_BYTES})`);
    }
    if (!/^[a-z0-9/._-]{1,32}$/.test(contentType)) {
      throw new RangeError(`contentType: ${contentType} (expected: [a-z0-9/._-]{1,32})`);
    }
    const item = {
      clientMsgId: newClientMsgId(), uid: this.uid, conversationId, contentType, content, createdAt: Date.now(),
    };
    await this._store.putPending(item);
    this._pending.push(item);
    this._track(item.clientMsgId, conversationId, 'sending');
    if (this.state === 'online') this._transmit(item);
    else if (this._idle) this._kick();
    return item.clientMsgId;
  }

  /** Own sends still waiting for their send_ack (stored in IndexedDB). */
  pendingSends() {
    return this._pending.map(({ clientMsgId, conversationId, contentType, content, createdAt }) =>
      ({ clientMsgId, conversationId, contentType, content, createdAt }));
  }

  _resendPending() {
    for (const item of this._pending) {
      if (!item.clientId || item.connection !== this._ws) this._transmit(item);
    }
  }

  _transmit(item) {
    const ws = this._ws;
    if (!ws || ws.readyState !== OPEN || this._pausedUntil > Date.now()) return;
    item.clientId = this._nextClientId++;
    item.connection = ws;
    this._inflight.set(item.clientId, item);
    this._sendFrame(ws, item);
  }

  _sendFrame(ws, item) {
    ws.send(JSON.stringify({
      type: 'send', clientId: item.clientId, clientMsgId: item.clientMsgId, conversationId: item.conversationId,
      contentType: item.contentType, content: item.content,
    }));
    this._setTimer(`sendAck:${item.clientMsgId}`, this.options.sendAckTimeoutMs, () => {
      // a resend on the same connection with the same clientId is answered with the same send_ack
      if (this._ws === ws && this._inflight.get(item.clientId) === item) this._sendFrame(ws, item);
    });
  }

  async _onSendAck(frame) {
    const item = this._inflight.get(frame.clientId);
    if (!item || item.clientMsgId !== frame.clientMsgId) return; // a stale answer for an earlier numbering
    this._inflight.delete(frame.clientId);
    this._clearTimer(`sendAck:${item.clientMsgId}`);
    this._pending = this._pending.filter((p) => p !== item);
    await this._store.deletePending(item.clientMsgId);
    const own = this._own.get(item.clientMsgId);
    if (own) own.msgId = frame.msgId;
    if (own?.status === 'sending') this._status(item.clientMsgId, 'sent');
  }

  /** A refused send does not use up its clientId: later sends on this connection are renumbered from it. */
  async _onError(ws, frame) {
    if (frame.clientId === undefined) {
      this._emit('error', { error: new Error(`${frame.code}: ${frame.message}`), frame });
      return;
    }
    const item = this._inflight.get(frame.clientId);
    if (!item || (frame.clientMsgId && item.clientMsgId !== frame.clientMsgId)) return; // stale numbering
    if (frame.code === 'OUT_OF_ORDER') {
      if (!(this._pausedUntil > Date.now())) this._renumberFrom(ws, frame.expectedClientId);
      return;
    }
    if (PERMANENT_ERRORS.has(frame.code)) {
      this._inflight.delete(item.clientId);
      this._clearTimer(`sendAck:${item.clientMsgId}`);
      this._pending = this._pending.filter((p) => p !== item);
      await this._store.deletePending(item.clientMsgId);
      this._status(item.clientMsgId, 'failed', { error: `${frame.code}: ${frame.message}` });
      this._renumberFrom(ws, frame.clientId);
      return;
    }
    if (TRANSIENT_ERRORS.has(frame.code)) {
      const delay = frame.code === 'RATE_LIMITED' ? 1000 : 2000;
      this._pausedUntil = Date.now() + delay;
      this._setTimer('resume', delay, () => this._renumberFrom(ws, frame.clientId));
    }
  }

  _renumberFrom(ws, firstClientId) {
    if (this._ws !== ws) return;
    const again = [...this._inflight.entries()].filter(([clientId]) => clientId >= firstClientId)
      .sort(([a], [b]) => a - b).map(([, item]) => item);
    for (const item of again) this._inflight.delete(item.clientId);
    this._nextClientId = firstClientId;
    this._pausedUntil = 0;
    for (const item of again) this._transmit(item);
    for (const item of this._pending) if (item.connection !== ws) this._transmit(item);
  }

  // --- own message states: sending, sent, delivered / stored

  _track(clientMsgId, conversationId, status) {
    this._own.set(clientMsgId, { conversationId, status, seq: null, msgId: null });
    this._status(clientMsgId, status);
  }

  _ownEcho(message) {
    const own = this._own.get(message.clientMsgId);
    if (!own) return;
    own.seq = message.seq;
    own.msgId = message.msgId;
    if (own.status === 'sending') this._status(message.clientMsgId, 'sent');
    const delivered = this._deliveredUpTo.get(message.conversationId);
    if (delivered && delivered.seq >= message.seq) {
      this._status(message.clientMsgId, delivered.offline ? 'stored' : 'delivered');
    } else if (message.conversationId.startsWith('g:')) {
      this._own.delete(message.clientMsgId); // groups send no `delivered`: sent is final
    }
  }

  _onDelivered(frame) {
    const previous = this._deliveredUpTo.get(frame.conversationId);
    if (!previous || frame.seq > previous.seq || (previous.offline && !frame.offline)) {
      this._deliveredUpTo.set(frame.conversationId, { seq: frame.seq, offline: frame.offline });
    }
    for (const [clientMsgId, own] of this._own) {
      if (own.conversationId !== frame.conversationId || own.seq === null || own.seq > frame.seq) continue;
      const status = frame.offline ? 'stored' : 'delivered';
      if (own.status !== 'delivered' && own.status !== status) this._status(clientMsgId, status);
    }
  }

  _status(clientMsgId, status, extra = {}) {
    const own = this._own.get(clientMsgId);
    if (!own) return;
    own.status = status;
    this._emit('status', { clientMsgId, conversationId: own.conversationId, msgId: own.msgId, seq: own.seq, status, ...extra });
    if (status === 'delivered' || status === 'failed') this._own.delete(clientMsgId);
  }

  // --- reading and REST

  /** The messages this device has stored for a conversation, ascending by seq (the last `limit`). */
  async messages(conversationId, { limit = 200 } = {}) {
    if (!this._store) throw new Error('messages before connect()');
    return this._store.messages(conversationId, limit);
  }

  /** The highest seq of a conversation delivered to this device with nothing missing before it. */
  cursor(conversationId) {
    return this._cursors.get(conversationId) ?? 0;
  }

  /** GET /api/v1/sync/summary: per conversation maxSeq, this device's ackSeq and the unread count. */
  summary() {
    return this.api('GET', '/api/v1/sync/summary');
  }

  createGroup(name, members = []) {
    return this.api('POST', '/api/v1/groups', { name, members });
  }

  group(groupId) {
    return this.api('GET', `/api/v1/groups/${encodeURIComponent(groupId)}`);
  }

  addMember(groupId, uid) {
    return this.api('POST', `/api/v1/groups/${encodeURIComponent(groupId)}/members`, { uid });
  }

  removeMember(groupId, uid) {
    return this.api('DELETE', `/api/v1/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(uid)}`);
  }

  /** One REST call with this device's token; a problem answer throws a {@link PigeonApiError}. */
  async api(method, path, body) {
    const headers = { Authorization: `Bearer ${await this._currentToken()}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await (this.options.fetch ?? globalThis.fetch)(this.baseUrl + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit',
    });
    if (response.status === 204) return null;
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new PigeonApiError(response.status, json);
    return json;
  }

  // --- plumbing

  _run(task) {
    this._work = this._work.then(task).catch((error) => this._emit('error', { error }));
    return this._work;
  }

  _setState(state, extra = {}) {
    this.state = state;
    this._emit('state', { state, ...extra });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _setTimer(name, ms, fn, repeat = false) {
    this._clearTimer(name);
    const id = repeat ? setInterval(fn, ms) : setTimeout(() => {
      this._timers.delete(name);
      fn();
    }, ms);
    this._timers.set(name, { id, repeat });
  }

  _clearTimer(name) {
    const timer = this._timers.get(name);
    if (!timer) return;
    (timer.repeat ? clearInterval : clearTimeout)(timer.id);
    this._timers.delete(name);
  }
}

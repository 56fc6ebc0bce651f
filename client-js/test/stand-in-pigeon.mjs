// A scripted stand-in for the gateway's wire (WebSocket frames and the three REST reads), for the fast unit tests
// of pigeon.js's state machine. The real system is tested in e2e-tests/browser (BrowserIT).
export class StandInPigeon {
  constructor(uid) {
    this.uid = uid;
    this.conversations = new Map(); // id -> [message]
    this.cursor = new Map(); // id -> seq acknowledged by the device
    this.byClientMsgId = new Map();
    this.sockets = [];
    this.frames = []; // every frame the client sent, in order
    this.requests = []; // every REST path the client called, in order
    this.log = []; // 'pong', 'GET /api/v1/sync?…', … in order
    this.dropPushes = false;
    this.holdSendAcks = false;
    this.refuse = null; // (frame) => error frame or null
    this.historyDelay = 0;
    this.syncDelay = 0;
    this.nextMsgId = 1;
    const fake = this;
    this.WebSocket = class {
      static OPEN = 1;
      constructor(url) {
        this.url = url;
        this.readyState = 0;
        this.maxClientId = 0;
        fake.sockets.push(this);
        setTimeout(() => {
          if (this.readyState !== 0) return;
          this.readyState = 1;
          this.onopen?.();
        }, 1);
      }
      send(data) {
        if (this.readyState !== 1) throw new Error('not open');
        const frame = JSON.parse(data);
        fake.frames.push(frame);
        setTimeout(() => fake.onFrame(this, frame), 0);
      }
      close(code = 1000, reason = '') {
        if (this.readyState === 3) return;
        this.readyState = 3;
        setTimeout(() => this.onclose?.({ code, reason }), 0);
      }
      push(frame) {
        if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(frame) });
      }
    };
    this.fetch = async (url, init) => fake.onRequest(new URL(url), init);
  }

  get socket() {
    return this.sockets[this.sockets.length - 1];
  }

  /** Stores a message as another user would send it; pushes it unless told not to. */
  store(conversationId, senderId, content, { push = true, seq } = {}) {
    const list = this.conversations.get(conversationId) ?? [];
    const last = list.length ? list[list.length - 1].seq : 0;
    const message = {
      msgId: `m${this.nextMsgId++}`, conversationId, seq: seq ?? last + 1, senderId,
      clientMsgId: `c${this.nextMsgId}`, contentType: 'text', content, sendTime: 1,
    };
    list.push(message);
    this.conversations.set(conversationId, list);
    if (push) this.pushToAll(message);
    return message;
  }

  pushToAll(message) {
    if (this.dropPushes) return;
    for (const socket of this.sockets) if (socket.live) socket.push({ type: 'message', ...message });
  }

  onFrame(socket, frame) {
    switch (frame.type) {
      case 'ping':
        socket.live = true;
        this.log.push('pong');
        socket.push({ type: 'pong' });
        break;
      case 'send': {
        const error = this.refuse?.(frame, socket);
        if (error) {
          socket.push({ type: 'error', clientId: frame.clientId, clientMsgId: frame.clientMsgId, ...error });
          return;
        }
        if (frame.clientId > socket.maxClientId + 1) {
          socket.push({ type: 'error', code: 'OUT_OF_ORDER', message: 'gap', clientId: frame.clientId,
            clientMsgId: frame.clientMsgId, expectedClientId: socket.maxClientId + 1 });
          return;
        }
        socket.maxClientId = Math.max(socket.maxClientId, frame.clientId);
        let message = this.byClientMsgId.get(frame.clientMsgId);
        if (!message) {
          message = this.store(frame.conversationId, this.uid, frame.content, { push: false });
          message.clientMsgId = frame.clientMsgId;
          this.byClientMsgId.set(frame.clientMsgId, message);
          this.stored = (this.stored ?? 0) + 1;
          this.pushToAll(message);
        }
        if (!this.holdSendAcks) {
          socket.push({ type: 'send_ack', clientId: frame.clientId, clientMsgId: frame.clientMsgId,
            msgId: message.msgId, conversationId: frame.conversationId });
        }
        break;
      }
      case 'ack':
        for (const { conversationId, seq } of frame.acks) {
          this.cursor.set(conversationId, Math.max(seq, this.cursor.get(conversationId) ?? 0));
        }
        socket.push({ type: 'ack_ok', acks: frame.acks });
        break;
      default:
        break;
    }
  }

  async onRequest(url, init) {
    const path = url.pathname + url.search;
    this.requests.push(path);
    this.log.push(`${init?.method ?? 'GET'} ${path}`);
    const json = (body) => ({ ok: true, status: 200, text: async () => JSON.stringify(body) });
    if (url.pathname === '/api/v1/sync') {
      if (this.syncDelay) await new Promise((resolve) => setTimeout(resolve, this.syncDelay));
      if (url.searchParams.get('ack')) {
        for (const [conversationId, seq] of Object.entries(JSON.parse(url.searchParams.get('ack')))) {
          this.cursor.set(conversationId, Math.max(seq, this.cursor.get(conversationId) ?? 0));
        }
      }
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const after = [...this.conversations].flatMap(([id, list]) => list.filter((m) => m.seq > (this.cursor.get(id) ?? 0)));
      const page = after.slice(0, limit);
      const next = {};
      for (const m of page) next[m.conversationId] = m.seq;
      return json({ messages: page, next: page.length ? JSON.stringify(next) : null, hasMore: after.length > limit });
    }
    if (url.pathname === '/api/v1/sync/summary') {
      const conversations = [...this.conversations].map(([conversationId, list]) => ({
        conversationId, maxSeq: list[list.length - 1].seq, ackSeq: this.cursor.get(conversationId) ?? 0,
        unread: list.filter((m) => m.seq > (this.cursor.get(conversationId) ?? 0)).length,
      })).filter((c) => c.maxSeq > c.ackSeq);
      return json({ conversations });
    }
    const history = url.pathname.match(/^\/api\/v1\/conversations\/([^/]+)\/messages$/);
    if (history) {
      if (this.historyDelay) await new Promise((resolve) => setTimeout(resolve, this.historyDelay));
      const afterSeq = Number(url.searchParams.get('afterSeq') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const list = (this.conversations.get(decodeURIComponent(history[1])) ?? []).filter((m) => m.seq > afterSeq);
      return json({ messages: list.slice(0, limit), hasMore: list.length > limit });
    }
    return { ok: false, status: 404, text: async () => JSON.stringify({ status: 404, code: 'NOT_FOUND' }) };
  }
}

export function until(condition, timeout = 2000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      let value;
      try {
        value = condition();
      } catch (error) {
        reject(error);
        return;
      }
      if (value) resolve(value);
      else if (Date.now() - started > timeout) reject(new Error(`timed out waiting for ${condition}`));
      else setTimeout(check, 5);
    };
    check();
  });
}

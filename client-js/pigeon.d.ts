// Type declarations of pigeon.js (PROTOCOL.md v1).

/** A stored message, as pushed over the WebSocket and returned by sync and history. */
export interface Message {
  msgId: string;
  conversationId: string;
  /** Strictly increasing within the conversation, below 2^53. */
  seq: number;
  senderId: string;
  clientMsgId: string;
  contentType: string;
  content: string;
  /** Server time, epoch milliseconds. */
  sendTime: number;
}

/** The state of one of this device's own messages. */
export type SendStatus = 'sending' | 'sent' | 'delivered' | 'stored' | 'failed';

export interface StatusDetail {
  clientMsgId: string;
  conversationId: string;
  msgId: string | null;
  seq: number | null;
  status: SendStatus;
  /** Set when `status` is `failed`: the server's error code and message. */
  error?: string;
}

export type ConnectionState = 'connecting' | 'syncing' | 'online' | 'offline' | 'replaced' | 'closed';

export interface StateDetail {
  state: ConnectionState;
  /** The reconnect attempt (from 0) while `connecting`. */
  attempt?: number;
  /** The WebSocket close code that made the client go `offline`. */
  code?: number;
  /** When the next reconnect is due, while `offline`. */
  retryInMs?: number;
  reason?: string;
}

export interface PendingSend {
  clientMsgId: string;
  conversationId: string;
  contentType: string;
  content: string;
  createdAt: number;
}

export interface ConversationSummary {
  conversationId: string;
  maxSeq: number;
  ackSeq: number;
  unread: number;
}

export interface GroupResponse {
  groupId: string;
  name: string;
  owner: string;
  members: string[];
}

export interface PigeonClientOptions {
  /** The gateway, e.g. `http://localhost:8080`; default: the page's origin. */
  baseUrl?: string;
  uid: string;
  deviceId: string;
  /** A JWT (`sub` = uid, `did` = deviceId), or a function called before each connection and REST call. */
  token: string | (() => string | Promise<string>);
  /** Ack after this many messages (1..64, default 64), own echoes included. */
  ackEvery?: number;
  /** ...or after this many milliseconds, whichever comes first (default 250). */
  ackDelayMs?: number;
  /** Reconnect backoff: from this (default 500 ms), doubling, up to reconnectMaxMs (default 30 s), with jitter. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Ping period (default 25 s; the server closes a connection silent for 90 s). */
  pingEveryMs?: number;
  /** Resend a send on the same connection when its send_ack is this late (default 10 s). */
  sendAckTimeoutMs?: number;
  /** How often the tail-loss check against /sync/summary runs while online (default 30 s). */
  tailCheckEveryMs?: number;
  /** Messages per sync page (1..200, default 200). */
  syncPageSize?: number;
  /** `indexeddb` (default, where there is one) or `memory` (nothing survives a reload). */
  storage?: 'indexeddb' | 'memory';
  /** A WebSocket constructor (default: the global one; in Node 20, for example the `ws` package's). */
  WebSocket?: new (url: string) => WebSocket;
  /** A fetch function (default: the global one). */
  fetch?: typeof fetch;
}

interface PigeonClientEventMap {
  message: CustomEvent<Message>;
  status: CustomEvent<StatusDetail>;
  state: CustomEvent<StateDetail>;
  error: CustomEvent<{ error: Error; frame?: unknown }>;
}

/** An error answered by the REST API: the RFC 9457 problem document with Pigeon's `code`. */
export declare class PigeonApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly problem: { type?: string; title?: string; status: number; detail?: string; instance?: string; code: string } | null;
}

/** One device of one user, connected to Pigeon through the gateway. */
export declare class PigeonClient extends EventTarget {
  constructor(options: PigeonClientOptions);
  readonly uid: string;
  readonly deviceId: string;
  readonly state: ConnectionState;

  /** Opens the store, loads cursors and pending sends, and connects. Resolves once loaded, not once online. */
  connect(): Promise<void>;
  /** Closes the connection for good; pending sends stay stored. */
  close(): void;
  /** Takes the client off the network (true) or back on (false). */
  setOffline(offline: boolean): void;

  /** Stores the message, then sends it until the server has it. Resolves with its clientMsgId once stored. */
  send(conversationId: string, content: string, options?: { contentType?: string }): Promise<string>;
  pendingSends(): PendingSend[];

  /** The messages this device has stored for a conversation, ascending by seq. */
  messages(conversationId: string, options?: { limit?: number }): Promise<Message[]>;
  /** The highest seq delivered to this device with nothing missing before it. */
  cursor(conversationId: string): number;

  summary(): Promise<{ conversations: ConversationSummary[] }>;
  createGroup(name: string, members?: string[]): Promise<{ groupId: string; conversationId: string }>;
  group(groupId: string): Promise<GroupResponse>;
  addMember(groupId: string, uid: string): Promise<null>;
  removeMember(groupId: string, uid: string): Promise<null>;
  /** One REST call with this device's token; a problem answer rejects with a PigeonApiError. */
  api<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;

  addEventListener<K extends keyof PigeonClientEventMap>(type: K,
    listener: (event: PigeonClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions): void;
}

/** The one-to-one conversation id of two users: `p:<a>:<b>` with a < b. */
export declare function directConversationId(uidA: string, uidB: string): string;

/** A device id for this browser tab, stable across reloads, never shared by two tabs (ADR 0011). */
export declare function tabDeviceId(base?: string): Promise<string>;

// The demo chat page: everything a user sees goes through pigeon.js and the public REST API.
// ?gateway=<url> points it at a gateway on another origin (CORS); default: the page's own origin.
import { PigeonClient, PigeonApiError, directConversationId, tabDeviceId } from '../pigeon.js';

const gateway = new URLSearchParams(location.search).get('gateway') ?? location.origin;
const $ = (id) => document.getElementById(id);
const SESSION = 'pigeon.demo.session';

let client = null;
let openConversation = null;
const conversations = new Map(); // conversationId -> { unread, title }
const rows = new Map(); // clientMsgId -> <li> of an own message, for its status
const statuses = new Map(); // clientMsgId -> the latest state of an own message, whichever conversation is open

$('api-link').href = `${gateway}/api/v1/openapi/ui/`;

// --- sign in (dev token) and out

async function devToken(uid, deviceId) {
  const response = await fetch(`${gateway}/api/v1/dev/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ uid, deviceId }),
  });
  const body = await response.json();
  if (!response.ok) throw new PigeonApiError(response.status, body);
  return body.token;
}

async function signIn(uid, typedDeviceId) {
  // no device typed: this tab's own (stable across reloads, another one in a duplicated tab)
  const deviceId = typedDeviceId || await tabDeviceId('web');
  let token = await devToken(uid, deviceId);
  sessionStorage.setItem(SESSION, JSON.stringify({ uid, typedDeviceId }));
  client = new PigeonClient({
    baseUrl: gateway, uid, deviceId,
    token: async () => token,
  });
  window.pigeon = client; // for the console and the browser tests
  client.addEventListener('state', ({ detail }) => showState(detail));
  client.addEventListener('message', ({ detail }) => onMessage(detail));
  client.addEventListener('status', ({ detail }) => onStatus(detail));
  client.addEventListener('error', ({ detail }) => {
    if (detail.error instanceof PigeonApiError && detail.error.status === 401) {
      devToken(uid, deviceId).then((fresh) => { token = fresh; });
    }
    console.warn('pigeon:', detail.error);
  });
  $('who').textContent = `${uid} / ${deviceId}`;
  $('login').hidden = true;
  $('app').hidden = false;
  $('offline').disabled = false;
  $('offline').checked = sessionStorage.getItem(OFFLINE) === 'true';
  client.setOffline($('offline').checked);
  for (const id of known()) addConversation(id, 0);
  // unread counts before this device syncs: what the server holds for it (the chat works without them)
  try {
    const summary = await client.summary();
    for (const { conversationId, unread } of summary.conversations) addConversation(conversationId, unread);
  } catch (error) {
    $('app-error').textContent = `unread counts: ${error.message}`;
  }
  await client.connect();
  for (const pending of client.pendingSends()) addConversation(pending.conversationId, 0);
  if (openConversation === null && conversations.size > 0) await open([...conversations.keys()][0]);
}

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  signIn($('uid').value.trim(), $('device').value.trim()).catch((error) => {
    $('login-error').textContent = error.message;
  });
});

// the switch survives a reload: a page reloaded offline comes back offline, its pending sends still waiting
const OFFLINE = 'pigeon.demo.offline';
$('offline').addEventListener('change', () => {
  sessionStorage.setItem(OFFLINE, String($('offline').checked));
  client?.setOffline($('offline').checked);
});

function showState({ state, retryInMs }) {
  const badge = $('state');
  badge.dataset.state = state;
  badge.textContent = retryInMs !== undefined ? `${state} (retry in ${Math.round(retryInMs / 100) / 10}s)` : state;
}

// --- conversations

function knownKey() {
  return `pigeon.demo.conversations.${client.uid}`;
}

function known() {
  return JSON.parse(localStorage.getItem(knownKey()) ?? '[]');
}

function titleOf(conversationId) {
  if (conversationId.startsWith('p:')) {
    const [, a, b] = conversationId.split(':');
    return a === client.uid ? b : a;
  }
  return conversations.get(conversationId)?.title ?? `group ${conversationId.slice(2)}`;
}

function addConversation(conversationId, unread, title) {
  const entry = conversations.get(conversationId);
  if (entry) {
    entry.unread = Math.max(entry.unread, unread);
    if (title) entry.title = title;
  } else {
    conversations.set(conversationId, { unread, title });
    localStorage.setItem(knownKey(), JSON.stringify([...new Set([...known(), conversationId])]));
  }
  renderConversations();
}

function renderConversations() {
  const list = $('conversations');
  list.replaceChildren(...[...conversations].map(([conversationId, { unread }]) => {
    const li = document.createElement('li');
    li.dataset.conversationId = conversationId;
    li.className = conversationId === openConversation ? 'open' : '';
    const name = document.createElement('span');
    name.textContent = titleOf(conversationId);
    const badge = document.createElement('span');
    badge.className = 'unread';
    badge.dataset.count = String(unread);
    badge.textContent = String(unread);
    li.append(name, badge);
    li.addEventListener('click', () => open(conversationId));
    return li;
  }));
}

$('new-chat').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    const conversationId = directConversationId(client.uid, $('peer').value.trim());
    addConversation(conversationId, 0);
    open(conversationId);
    $('peer').value = '';
  } catch (error) {
    $('app-error').textContent = error.message;
  }
});

$('new-group').addEventListener('submit', async (event) => {
  event.preventDefault();
  const members = $('group-members').value.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    const { conversationId } = await client.createGroup($('group-name').value.trim(), members);
    addConversation(conversationId, 0, $('group-name').value.trim());
    $('group-name').value = '';
    $('group-members').value = '';
    await open(conversationId);
  } catch (error) {
    $('app-error').textContent = error.message;
  }
});

// --- the chat view

async function open(conversationId) {
  openConversation = conversationId;
  conversations.get(conversationId).unread = 0;
  renderConversations();
  $('chat-title').textContent = titleOf(conversationId);
  $('chat-title').dataset.conversationId = conversationId;
  $('text').disabled = false;
  $('send').disabled = false;
  rows.clear();
  $('messages').replaceChildren();
  for (const message of await client.messages(conversationId)) appendMessage(message);
  for (const pending of client.pendingSends()) {
    if (pending.conversationId === conversationId) appendPending(pending);
  }
  await showGroup();
}

function appendMessage(message) {
  const list = $('messages');
  // read from the store when the conversation opened and announced by an event as well: shown once
  if (list.querySelector(`li[data-msg-id="${CSS.escape(message.msgId)}"]`)) return;
  const mine = message.senderId === client.uid;
  let li = mine ? rows.get(message.clientMsgId) : null; // the row shown while it was sending
  if (li) li.remove();
  else li = document.createElement('li');
  li.dataset.msgId = message.msgId;
  li.dataset.seq = String(message.seq);
  li.dataset.sender = message.senderId;
  li.dataset.clientMsgId = message.clientMsgId;
  li.className = mine ? 'mine' : '';
  li.replaceChildren(text(mine ? '' : `${message.senderId}: `), textSpan('content', message.content),
    textSpan('meta', `#${message.seq}`), textSpan('status meta', ''));
  insertBySeq(li, message.seq);
  if (mine) {
    rows.set(message.clientMsgId, li);
    setStatus(li, statuses.get(message.clientMsgId) ?? 'sent');
  }
}

function appendPending({ clientMsgId, content }) {
  if (rows.has(clientMsgId)) return;
  const li = document.createElement('li');
  li.className = 'mine';
  li.dataset.clientMsgId = clientMsgId;
  li.replaceChildren(textSpan('content', content), textSpan('meta', ''), textSpan('status meta', ''));
  $('messages').append(li);
  rows.set(clientMsgId, li);
  setStatus(li, 'sending');
}

function insertBySeq(li, seq) {
  const list = $('messages');
  const after = [...list.children].find((other) => other.dataset.seq && Number(other.dataset.seq) > seq);
  list.insertBefore(li, after ?? [...list.children].find((other) => !other.dataset.seq) ?? null);
  li.scrollIntoView({ block: 'nearest' });
}

function setStatus(li, status) {
  li.dataset.status = status;
  li.querySelector('.status').textContent = status === 'stored' ? 'stored for offline' : status;
}

function text(value) {
  return document.createTextNode(value);
}

function textSpan(className, value) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = value;
  return span;
}

function onMessage(message) {
  addConversation(message.conversationId, 0);
  if (message.conversationId === openConversation) {
    appendMessage(message);
  } else if (message.senderId !== client.uid) {
    conversations.get(message.conversationId).unread++;
    renderConversations();
  }
}

function onStatus({ clientMsgId, conversationId, status }) {
  if (!(statuses.get(clientMsgId) === 'delivered' && status !== 'delivered')) statuses.set(clientMsgId, status);
  if (conversationId !== openConversation) return;
  const li = rows.get(clientMsgId);
  // delivered/stored may be reported for a message already marked delivered: keep the best state
  if (li && !(li.dataset.status === 'delivered' && status !== 'delivered')) setStatus(li, status);
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const content = $('text').value;
  if (!content || !openConversation) return;
  $('text').value = '';
  try {
    const conversationId = openConversation;
    const clientMsgId = await client.send(conversationId, content);
    if (conversationId === openConversation && !rows.has(clientMsgId)) {
      appendPending({ clientMsgId, content });
    }
  } catch (error) {
    $('app-error').textContent = error.message;
  }
});

// --- groups

async function showGroup() {
  const panel = $('group-panel');
  if (!openConversation?.startsWith('g:')) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  try {
    const group = await client.group(openConversation.slice(2));
    addConversation(openConversation, 0, group.name);
    $('chat-title').textContent = group.name;
    $('members').replaceChildren(...group.members.map((uid) => {
      const span = textSpan('member', uid + (uid === group.owner ? ' (owner)' : ''));
      span.dataset.uid = uid;
      if (client.uid === group.owner && uid !== group.owner) {
        const remove = document.createElement('button');
        remove.textContent = '×';
        remove.title = `remove ${uid}`;
        remove.addEventListener('click', () => changeMembers(() => client.removeMember(group.groupId, uid)));
        span.append(remove);
      }
      return span;
    }));
  } catch (error) {
    $('members').textContent = error.message;
  }
}

async function changeMembers(change) {
  try {
    await change();
    $('app-error').textContent = '';
  } catch (error) {
    $('app-error').textContent = error.message;
  }
  await showGroup();
}

$('add-member').addEventListener('submit', (event) => {
  event.preventDefault();
  const uid = $('member-uid').value.trim();
  $('member-uid').value = '';
  changeMembers(() => client.addMember(openConversation.slice(2), uid));
});

$('leave').addEventListener('click', () => changeMembers(() => client.removeMember(openConversation.slice(2), client.uid)));

// a reload signs in again as the same uid and device, so that pending sends and cursors carry on
const session = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
if (session) {
  $('uid').value = session.uid;
  $('device').value = session.typedDeviceId ?? '';
  signIn(session.uid, session.typedDeviceId).catch((error) => { $('login-error').textContent = error.message; });
}

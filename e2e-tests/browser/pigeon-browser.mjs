// Shared by the browser tests: Debian's Chromium headless through playwright-core, the demo page, screenshots.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'node:test';
import { chromium } from 'playwright-core';

/** The repository's root: the files the gateway serves, served again from another origin. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const GATEWAY = process.env.PIGEON_GATEWAY_URL ?? 'http://localhost:8080';
const SCREENSHOTS = process.env.PIGEON_SCREENSHOTS ?? join(process.cwd(), 'target', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// without the background-networking flags Chromium keeps trying to reach the network from a closed machine
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh browser (its own new profile directory); `close()` removes the profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'pigeon-chromium-'));
  // launchPersistentContext is how playwright takes --user-data-dir: a fresh one per browser
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 700 },
  });
  return {
    context,
    /** A new tab: its own sessionStorage, so its own device id (IndexedDB is shared by the browser's tabs). */
    async page() {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') recentConsole.push(`${message.type()}: ${message.text()}`);
        if (recentConsole.length > 50) recentConsole.shift();
      });
      pagesOfTest.push(page);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const pagesOfTest = [];
const recentConsole = [];

// A failed test leaves its evidence: a screenshot of every page it opened and what each showed (connection state,
// messages with their status and seq), printed so that the build log says why, not only where.
afterEach(async (t) => {
  const pages = pagesOfTest.splice(0);
  const consoleLines = recentConsole.splice(0); // this test's only, passed or not
  if (t.passed) return;
  for (const [i, page] of pages.entries()) {
    if (page.isClosed()) continue;
    try {
      await screenshot(page, `failed-${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-${i}`);
      const state = await page.$eval('#state', (el) => el.dataset.state).catch(() => '(no #state)');
      const messages = (await shown(page).catch(() => []))
        .map((m) => `${m.content}:${m.status ?? '-'}:#${m.seq ?? '-'}`).join(' ');
      console.error(`[evidence] page ${i} ${page.url()} state=${state} messages: ${messages}`);
    } catch (error) {
      console.error(`[evidence] page ${i}: ${error.message}`);
    }
  }
  for (const line of consoleLines) console.error(`[evidence] console ${line}`);
});

/** A uid no earlier run used: the system's database is shared and keeps every message. */
export function uid(name) {
  return `${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens the demo page and signs in with a dev token; resolves once the client is online. */
export async function signIn(page, user, { url = `${GATEWAY}/`, device = '' } = {}) {
  await page.goto(url);
  await page.fill('#uid', user);
  await page.fill('#device', device);
  await page.click('#sign-in');
  await online(page);
}

export async function online(page) {
  await page.waitForSelector('#state[data-state="online"]', { timeout: 30_000 });
}

export async function openChat(page, peer) {
  await page.fill('#peer', peer);
  await page.press('#peer', 'Enter');
  await page.waitForFunction((p) => document.querySelector('#chat-title').textContent === p, peer);
}

export async function type(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

/** The open conversation's messages as the page shows them. */
export function shown(page) {
  return page.$$eval('#messages li', (items) => items.map((li) => ({
    content: li.querySelector('.content').textContent,
    seq: li.dataset.seq ? Number(li.dataset.seq) : null,
    msgId: li.dataset.msgId ?? null,
    sender: li.dataset.sender ?? null,
    status: li.dataset.status ?? null,
  })));
}

/** Waits until the open conversation shows `count` messages that match `filter` (a content prefix). */
export async function waitForShown(page, prefix, count, timeout = 60_000) {
  await page.waitForFunction(([p, n]) => [...document.querySelectorAll('#messages li .content')]
    .filter((c) => c.textContent.startsWith(p)).length >= n, [prefix, count], { timeout });
}

/**
 * Serves files of the repository (`{ path: [file under ROOT, content type] }`) on 127.0.0.1 and a free port: an
 * origin other than the gateway's. Resolves with `{ origin, close() }`.
 */
export async function serveFiles(files) {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url, 'http://x').pathname];
    if (file) response.writeHead(200, { 'Content-Type': file[1] }).end(readFileSync(join(ROOT, file[0])));
    else response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Debian's Chromium, driven by playwright-core, which never downloads a
// browser of its own. STELAR_CHROMIUM is the override the repository's
// scripts/ensure-chromium.sh also honours.
const CHROMIUM = process.env.STELAR_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SERVER_ENTRY = fileURLToPath(
  new URL('../src/server.mjs', import.meta.url),
);
const STARTUP_LINE = /^stelar demo chat on (http:\/\/\S+)$/;
const WAIT_MS = 10_000;

let server: ChildProcess;
let url: string;
let browser: Browser;
const pageErrors: string[] = [];

/**
 * Fails, rather than skips, without Chromium: a browser test that quietly
 * does not run reads as a browser test that passed.
 */
function assertChromiumInstalled(): void {
  if (existsSync(CHROMIUM)) return;
  throw new Error(
    `Chromium is missing at ${CHROMIUM}. Run the repository's test command from the root (npm test, which runs scripts/ensure-chromium.sh to install it), or install it yourself with "apt-get install -y chromium", then run this test again.`,
  );
}

/** Starts `node src/server.mjs` on a port the system picks; resolves with its URL. */
async function startServer(): Promise<string> {
  server = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr!.resume();
  const lines = createInterface({ input: server.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(server, 'exit').then(() => {
      throw new Error('the demo server exited before printing its URL');
    }),
  ])) as [string];
  const match = STARTUP_LINE.exec(line);
  if (match === null) throw new Error(`unexpected startup line: ${line}`);
  return match[1]!;
}

/** Opens the chat in a browser context of its own, as a second person would. */
async function openChat(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(url);
  await page
    .locator('[data-testid="connection-status"][data-state="connected"]')
    .waitFor();
  return page;
}

async function setNickname(page: Page, nick: string): Promise<void> {
  await page.getByTestId('nick-input').fill(nick);
  await page.getByTestId('nick-save').click();
  await exactText(page, 'current-nick', nick).waitFor();
}

async function joinRoom(page: Page, room: string): Promise<void> {
  await page.getByTestId('room-input').fill(room);
  await page.getByTestId('room-join').click();
  await page
    .locator(`[data-testid="room-item"][data-room="${room}"].selected`)
    .waitFor();
}

/** The elements with `testId` whose whole text is `text`. */
function exactText(page: Page, testId: string, text: string) {
  return page.getByTestId(testId).filter({ hasText: new RegExp(`^${text}$`) });
}

// Its own test, so that a machine without Chromium counts one failed test
// with the reason, and not only a failed suite of skipped tests.
it('finds the Chromium it drives', assertChromiumInstalled);

describe('the demo chat in Chromium', () => {
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    assertChromiumInstalled();
    url = await startServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    alice = await openChat();
    bob = await openChat();
    await setNickname(alice, 'alice');
    await setNickname(bob, 'bob');
    await joinRoom(alice, 'lobby');
    await joinRoom(bob, 'lobby');
  });

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined && server.exitCode === null)
      server.kill('SIGKILL');
  });

  it('shows a message from one page on the other, under the sender nickname', async () => {
    await alice.getByTestId('message-input').fill('hello from alice <b>!</b>');
    await alice.getByTestId('message-send').click();

    const message = bob
      .locator('[data-testid="message-list"][data-room="lobby"]')
      .getByTestId('message')
      .filter({ hasText: 'hello from alice' });
    await message.waitFor();
    expect(await message.getByTestId('message-from').textContent()).toBe(
      'alice',
    );
    // Shown as text: the markup typed into the message is not rendered.
    expect(await message.getByTestId('message-text').textContent()).toBe(
      'hello from alice <b>!</b>',
    );
    expect(await message.locator('b').count()).toBe(0);
  });

  it('lists both nicknames under "who is online" on the second page', async () => {
    await exactText(bob, 'who-nick', 'alice').waitFor();
    await exactText(bob, 'who-nick', 'bob').waitFor();
    expect(await bob.getByTestId('who-nick').allTextContents()).toEqual([
      'alice',
      'bob',
    ]);
  });

  it('shows 2 active connections in the health figures', async () => {
    await exactText(bob, 'health-active-connections', '2').waitFor();
    await exactText(bob, 'health-rooms', '1').waitFor();
  });

  it('shows a refusal from the server to the person', async () => {
    await bob.getByTestId('nick-input').fill('x'.repeat(32));
    await bob.evaluate(() => {
      // The field's maxlength stops a person typing more; go around it to
      // reach the server's own check.
      const input = document.querySelector<HTMLInputElement>(
        '[data-testid="nick-input"]',
      )!;
      input.removeAttribute('maxlength');
      input.value = 'y'.repeat(33);
    });
    await bob.getByTestId('nick-save').click();

    await exactText(bob, 'notice-code', 'NICK_INVALID').waitFor();
    expect(await bob.getByTestId('current-nick').textContent()).toBe('bob');
  });

  it('logs no error in either page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('exits on Ctrl-C (SIGINT), leaving the pages reconnecting', async () => {
    const exited = once(server, 'exit');
    server.kill('SIGINT');
    const [code, signal] = await exited;

    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    await bob
      .locator('[data-testid="connection-status"][data-state="reconnecting"]')
      .waitFor();
  });
});

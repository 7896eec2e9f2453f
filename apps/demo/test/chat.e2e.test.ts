import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPng } from './create-png.js';

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
// The page's client backs off up to 10 s between two attempts; a reconnection
// can take that long after the server is back, and more on a slow machine.
const RECONNECT_WAIT_MS = 25_000;

// While the server is down (or the page offline), Chromium itself reports
// every failed connection on the console: the WebSocket attempts and the
// /health polls. Those are the outage, not faults of the page.
const OUTAGE_CONSOLE_ERRORS = [
  /^WebSocket connection to '.*' failed: .*net::ERR_(CONNECTION_REFUSED|INTERNET_DISCONNECTED)$/,
  /^Failed to load resource: net::ERR_(CONNECTION_REFUSED|INTERNET_DISCONNECTED)$/,
];

let server: ChildProcess;
let url: string;
let browser: Browser;
const pageExceptions: string[] = [];
const consoleErrors: string[] = [];

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

/**
 * Starts `node src/server.mjs` on `port` (0: the system picks one); resolves
 * with its URL once it has printed it.
 */
async function startServer(port: number): Promise<string> {
  server = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, PORT: String(port) },
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
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageExceptions.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(url);
  await connectionState(page, 'connected').waitFor();
  return page;
}

function connectionState(page: Page, state: string) {
  return page.locator(
    `[data-testid="connection-status"][data-state="${state}"]`,
  );
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

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('message-send').click();
}

/** The messages of `room` on `page` whose text contains `text`. */
function messageIn(page: Page, room: string, text: string) {
  return roomLog(page, room).getByTestId('message').filter({ hasText: text });
}

function roomLog(page: Page, room: string) {
  return page.locator(`[data-testid="message-list"][data-room="${room}"]`);
}

/** The elements with `testId` whose whole text is `text`. */
function exactText(page: Page, testId: string, text: string) {
  return page.getByTestId(testId).filter({ hasText: new RegExp(`^${text}$`) });
}

/** Picks a file in the page's file input, as a person choosing one would. */
async function shareFile(
  page: Page,
  name: string,
  mimeType: string,
  buffer: Buffer,
): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType, buffer });
}

/**
 * Clicks the file's link on `page`, once its bytes have arrived (the link
 * has a URL), and returns the bytes it downloads.
 */
async function download(page: Page, room: string, name: string) {
  const link = roomLog(page, room)
    .getByTestId('file-message')
    .filter({ hasText: name })
    .locator('[data-testid="file-link"][href]');
  await link.waitFor();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    link.click(),
  ]);
  expect(file.suggestedFilename()).toBe(name);
  return readFile(await file.path());
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// Its own test, so that a machine without Chromium counts one failed test
// with the reason, and not only a failed suite of skipped tests.
it('finds the Chromium it drives', assertChromiumInstalled);

describe('the demo chat in Chromium', () => {
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    assertChromiumInstalled();
    url = await startServer(0);
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

  it('shows the connection state on both pages', async () => {
    for (const page of [alice, bob]) {
      const status = page.getByTestId('connection-status');
      expect(await status.getAttribute('data-state')).toBe('connected');
      expect((await status.textContent())?.trim()).toBe('Connected');
      expect(await page.getByTestId('reconnect-now').isHidden()).toBe(true);
    }
  });

  it('shows a message from one page on the other, under the sender nickname', async () => {
    await say(alice, 'hello from alice <b>!</b>');

    const message = messageIn(bob, 'lobby', 'hello from alice');
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

  it('lists both nicknames and the TCP time bot under "who is online"', async () => {
    await exactText(bob, 'who-nick', 'alice').waitFor();
    await exactText(bob, 'who-nick', 'bob').waitFor();
    await exactText(bob, 'who-nick', 'timebot').waitFor();
    expect(await bob.getByTestId('who-nick').allTextContents()).toEqual([
      'alice',
      'bob',
      'timebot',
    ]);
  });

  it('shows 3 active connections in the health figures: 2 pages, 1 bot', async () => {
    await exactText(bob, 'health-active-connections', '3').waitFor();
    await exactText(bob, 'health-rooms', '1').waitFor();
  });

  it('gets an answer from the TCP time bot to /time, on both pages', async () => {
    await say(alice, '/time');

    for (const page of [alice, bob]) {
      const answer = roomLog(page, 'lobby')
        .getByTestId('message')
        .filter({ hasText: /It is .+ GMT\./ });
      await answer.first().waitFor();
      expect(
        await answer.first().getByTestId('message-from').textContent(),
      ).toBe('timebot');
    }
  });

  it("shows the demo's own refusal (chat-error) to the person", async () => {
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

  it("shows the library's refusal (stelar:error) to the person", async () => {
    await bob.evaluate(() => {
      // Far over the server's maxPayloadSize: the library drops it unread.
      const input = document.querySelector<HTMLInputElement>(
        '[data-testid="message-input"]',
      )!;
      input.removeAttribute('maxlength');
      input.value = 'z'.repeat(300_000);
    });
    await bob.getByTestId('message-send').click();

    await exactText(bob, 'notice-code', 'PAYLOAD_TOO_LARGE').waitFor();
    expect(
      await bob.getByTestId('connection-status').getAttribute('data-state'),
    ).toBe('connected');
  });

  it('shares an image: the other page shows it, and its bytes arrive intact', async () => {
    const png = createPng(24, 16, (x, y) => [x * 10, y * 15, 200]);
    await shareFile(alice, 'gradient.png', 'image/png', png);

    const file = roomLog(bob, 'lobby')
      .getByTestId('file-message')
      .filter({ hasText: 'gradient.png' });
    const image = file.getByTestId('file-image');
    await image.waitFor();
    expect(await file.getByTestId('message-from').textContent()).toBe('alice');
    expect(await file.getByTestId('file-size').textContent()).toContain(
      `${png.length} B`,
    );
    // Decoded by the browser: the bytes made a real 24 × 16 image.
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: WAIT_MS,
      })
      .toBe(24);

    const received = await download(bob, 'lobby', 'gradient.png');
    expect(sha256(received)).toBe(sha256(png));
    // The sender gets its file back from the server, as with chat.
    const echoed = await download(alice, 'lobby', 'gradient.png');
    expect(sha256(echoed)).toBe(sha256(png));
  });

  it('shares bytes of every value unchanged, as a download with its size', async () => {
    const bytes = Buffer.alloc(1024, 0);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 256;
    await shareFile(bob, 'every-byte.bin', 'application/octet-stream', bytes);

    const file = roomLog(alice, 'lobby')
      .getByTestId('file-message')
      .filter({ hasText: 'every-byte.bin' });
    await file
      .getByTestId('file-size')
      .filter({ hasText: '1.0 KiB' })
      .waitFor();
    const received = await download(alice, 'lobby', 'every-byte.bin');
    expect([...received]).toEqual([...bytes]);
    expect(await file.getByTestId('file-image').count()).toBe(0);
  });

  it('shows a file only to the pages in its room', async () => {
    await joinRoom(alice, 'attic');
    await shareFile(
      alice,
      'secret.bin',
      'application/octet-stream',
      Buffer.from('attic only'),
    );
    await roomLog(alice, 'attic')
      .getByTestId('file-message')
      .filter({ hasText: 'secret.bin' })
      .locator('[data-testid="file-link"][href]')
      .waitFor();

    // The server writes to bob in order: once this message is on bob's
    // page, the file's bytes would have reached it too, had they been sent.
    await alice
      .locator(
        '[data-testid="room-item"][data-room="lobby"] [data-testid="room-open"]',
      )
      .click();
    await say(alice, 'after the attic file');
    await messageIn(bob, 'lobby', 'after the attic file').waitFor();
    expect(
      await bob
        .getByTestId('file-message')
        .filter({ hasText: 'secret.bin' })
        .count(),
    ).toBe(0);

    await alice
      .locator(
        '[data-testid="room-item"][data-room="attic"] [data-testid="room-leave"]',
      )
      .click();
    await roomLog(alice, 'attic').waitFor({ state: 'detached' });
  });

  it('logs no error in either page', () => {
    expect(pageExceptions).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  describe('when the server is killed and started again on the same port', () => {
    it('shows "reconnecting" on both pages', async () => {
      for (const page of [alice, bob]) {
        await page.evaluate(() => {
          (window as unknown as { loadedOnce: boolean }).loadedOnce = true;
        });
      }
      const exited = once(server, 'exit');
      server.kill('SIGKILL');
      await exited;

      await connectionState(alice, 'reconnecting').waitFor();
      await connectionState(bob, 'reconnecting').waitFor();
      expect(await bob.getByTestId('reconnect-now').isVisible()).toBe(true);
    });

    it('keeps a message typed during the outage as pending', async () => {
      // A chat keeps no history: alice's queued message reaches bob only if
      // bob is back first. Her device goes offline until he is, so that the
      // order does not depend on the two pages' backoff.
      await alice.context().setOffline(true);
      await say(alice, 'typed while the server was down');

      const pending = roomLog(alice, 'lobby')
        .getByTestId('message-pending')
        .filter({ hasText: 'typed while the server was down' });
      await pending.waitFor();
      await exactText(alice, 'queue-size', '1 waiting to send').waitFor();
    });

    it('shows "connected" again on both pages, without a reload', async () => {
      const port = new URL(url).port;
      const restarted = await startServer(Number(port));
      expect(new URL(restarted).port).toBe(port);

      // Bob comes back through his backoff; alice, as soon as her device is
      // online again (the client listens for the window's online event).
      await connectionState(bob, 'connected').waitFor({
        timeout: RECONNECT_WAIT_MS,
      });
      expect(
        await alice.getByTestId('connection-status').getAttribute('data-state'),
      ).toBe('reconnecting');
      await alice.context().setOffline(false);
      await connectionState(alice, 'connected').waitFor({
        timeout: RECONNECT_WAIT_MS,
      });
      for (const page of [alice, bob]) {
        const loadedOnce = await page.evaluate(
          () => (window as unknown as { loadedOnce?: boolean }).loadedOnce,
        );
        expect(loadedOnce).toBe(true);
      }
    });

    it('delivers the message typed during the outage', async () => {
      const queued = messageIn(bob, 'lobby', 'typed while the server was down');
      await queued.waitFor();
      expect(await queued.getByTestId('message-from').textContent()).toBe(
        'alice',
      );

      await messageIn(
        alice,
        'lobby',
        'typed while the server was down',
      ).waitFor();
      expect(await alice.getByTestId('message-pending').count()).toBe(0);
      expect(await alice.getByTestId('queue-size').isHidden()).toBe(true);
    });

    it('has both pages back in their room', async () => {
      await say(bob, 'bob again, after the restart');
      const message = messageIn(alice, 'lobby', 'bob again, after the restart');
      await message.waitFor();
      expect(await message.getByTestId('message-from').textContent()).toBe(
        'bob',
      );

      await exactText(alice, 'current-nick', 'alice').waitFor();
      await exactText(alice, 'who-nick', 'bob').waitFor();
      // The restarted demo started a new time bot, which is back too.
      await exactText(alice, 'who-nick', 'timebot').waitFor();
      expect(await alice.getByTestId('who-nick').allTextContents()).toEqual([
        'alice',
        'bob',
        'timebot',
      ]);
    });

    it('shares a file after the restart', async () => {
      const bytes = Buffer.from([0, 255, 1, 254, 2, 253]);
      await shareFile(
        bob,
        'after-restart.bin',
        'application/octet-stream',
        bytes,
      );

      const received = await download(alice, 'lobby', 'after-restart.bin');
      expect([...received]).toEqual([...bytes]);
    });

    it('throws nothing in either page, and logs only the refused connections', () => {
      expect(pageExceptions).toEqual([]);
      const unexpected = consoleErrors.filter(
        (text) => !OUTAGE_CONSOLE_ERRORS.some((pattern) => pattern.test(text)),
      );
      expect(unexpected).toEqual([]);
    });
  });

  it('exits on Ctrl-C (SIGINT), leaving the pages reconnecting', async () => {
    const exited = once(server, 'exit');
    server.kill('SIGINT');
    const [code, signal] = await exited;

    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    await connectionState(bob, 'reconnecting').waitFor();
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MODES, cleanup, freePort, transport, waitUntil } from './helpers.js';

afterEach(cleanup);

const SCRIPT = fileURLToPath(
  new URL('./fixtures/connect-send-disconnect.mjs', import.meta.url),
);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(args: string[], ms: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { timeout: ms, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : (error.code as number | null);
        resolve({
          code: typeof code === 'number' ? code : null,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe.each(MODES)('StelarClient timers over %s', (mode) => {
  const t = transport(mode);

  it('leaves nothing that keeps Node.js running after disconnect()', async () => {
    const notes: unknown[] = [];
    const server = await t.start({}, (s) => {
      s.on('note', (ctx) => {
        notes.push(ctx.data);
      });
      s.onAck('sum', (ctx) => (ctx.data as number[]).reduce((a, b) => a + b));
      s.onAck('never', () => new Promise(() => {}));
    });
    const deadPort = await freePort();

    const run = await runNode(
      [SCRIPT, mode, String(t.portOf(server)), String(deadPort)],
      4000,
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      sum: 3,
      stuck: 'DISCONNECTED',
      lost: 'disconnected',
    });
    await waitUntil(() => notes.length === 2, 'both notes');
    expect(notes).toEqual(['hello', undefined]);
  });
});

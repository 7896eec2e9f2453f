// A server under test as its own child process: started with --expose-gc,
// pinned to its own core when the machine allows, and asked for CPU time
// and memory over Node's IPC channel.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVERS_DIR = fileURLToPath(new URL('../servers/', import.meta.url));

/** Milliseconds a server may take to print its port. */
const START_TIMEOUT_MS = 15_000;
/** Milliseconds a control request may take (a forced GC included). */
const CONTROL_TIMEOUT_MS = 15_000;
/** Milliseconds a server may take to exit once its channel closes. */
const STOP_TIMEOUT_MS = 5_000;

/** The file of each server under test, by the name `--servers` uses. */
export const SERVER_FILES = Object.freeze({
  stelar: 'stelar.mjs',
  ws: 'raw-ws.mjs',
  socketio: 'socketio.mjs',
});

/** One running server under test. */
export class ServerProcess {
  /**
   * @param {import('node:child_process').ChildProcess} child
   * @param {number} port
   */
  constructor(child, port) {
    this.child = child;
    this.port = port;
    this.nextId = 1;
    /** @type {Map<number, (reply: any) => void>} */
    this.waiting = new Map();
    child.on('message', (reply) => this.receive(reply));
    child.on('exit', (code, signal) => this.exited(code, signal));
    // A send on a channel that closed in the meantime reports here too; the
    // pending request already learns of it from its callback.
    child.on('error', () => {});
  }

  /**
   * Starts the server named `name` and resolves once it listens.
   *
   * @param {keyof typeof SERVER_FILES} name
   * @param {number[] | null} cpus The cores to pin it to, or null.
   * @returns {Promise<ServerProcess>}
   */
  static async start(name, cpus) {
    const file = SERVERS_DIR + SERVER_FILES[name];
    const [command, args] = commandFor(file, cpus);
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: { ...process.env, PORT: '0' },
    });
    const port = await readPort(child, name);
    return new ServerProcess(child, port);
  }

  /**
   * User plus system CPU time the server has used, in microseconds.
   *
   * @returns {Promise<number>}
   */
  async cpuMicros() {
    const { cpu } = await this.ask('cpu');
    return cpu.user + cpu.system;
  }

  /**
   * Memory after a forced garbage collection.
   *
   * @returns {Promise<{ rss: number, heapUsed: number, gcForced: boolean }>}
   */
  async memory() {
    const { memory } = await this.ask('memory');
    return memory;
  }

  /**
   * Closes the control channel, on which the server exits, and kills it if
   * it has not within STOP_TIMEOUT_MS.
   *
   * @returns {Promise<void>}
   */
  stop() {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (child.connected) child.disconnect();
      else child.kill('SIGTERM');
    });
  }

  /**
   * @param {string} command
   * @returns {Promise<any>}
   */
  ask(command) {
    if (!this.child.connected) {
      return Promise.reject(new Error(`server gone before ${command}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`server gave no ${command} reply`));
      }, CONTROL_TIMEOUT_MS);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error === undefined) resolve(reply);
        else reject(new Error(reply.error));
      });
      this.child.send({ id, command }, (error) => {
        if (error !== null) this.receive({ id, error: error.message });
      });
    });
  }

  /** @param {any} reply */
  receive(reply) {
    const resolve = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    resolve?.(reply);
  }

  /**
   * @param {number | null} code
   * @param {string | null} signal
   */
  exited(code, signal) {
    const error = `server exited (code ${code}, signal ${signal})`;
    for (const id of [...this.waiting.keys()]) this.receive({ id, error });
  }
}

/**
 * The command line: node with --expose-gc, behind `taskset` when pinning.
 * The file limit is inherited: the load generator has raised its own before
 * it starts any server.
 *
 * @param {string} file
 * @param {number[] | null} cpus
 * @returns {[string, string[]]}
 */
export function commandFor(file, cpus) {
  // BENCH_NODE_ARGS passes flags to the servers' Node.js, for instance
  // --cpu-prof --cpu-prof-dir=results/profiles to see where their time goes.
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const node = [process.execPath, '--expose-gc', ...extra, file];
  if (cpus === null) return [process.execPath, node.slice(1)];
  // taskset execs node in its place, so the IPC descriptor and the exit
  // code stay those of the process spawned here.
  return ['taskset', ['-c', cpus.join(','), ...node]];
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} name
 * @returns {Promise<number>}
 */
function readPort(child, name) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`${name} did not listen within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);

    /** @param {Error | null} error @param {number} [port] */
    function finish(error, port = 0) {
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.removeListener('exit', onExit);
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      if (error === null) resolve(port);
      else reject(error);
    }

    /** @param {Buffer} chunk */
    function onData(chunk) {
      buffered += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(buffered);
      if (match !== null) finish(null, Number(match[1]));
    }

    /** @param {number | null} code */
    function onExit(code) {
      finish(new Error(`${name} exited with code ${code} before listening`));
    }

    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

import { readFile } from 'node:fs/promises';

const PUBLIC_DIR = new URL('../public/', import.meta.url);

/** The path the page imports StelarClient from. */
export const CLIENT_SCRIPT_PATH = '/vendor/stelar-client.min.js';

// The client's one-file ES module build, resolved through the package's
// exports map, so the page runs the build of the workspace's @stelar/client
// (turbo builds it before the demo's tests).
const CLIENT_SCRIPT = new URL(
  import.meta.resolve('@stelar/client/stelar-client.min.js'),
);

/** The page's files, by the URL path that serves each. */
const ROUTES = new Map([
  ['/', new URL('index.html', PUBLIC_DIR)],
  ['/index.html', new URL('index.html', PUBLIC_DIR)],
  ['/app.js', new URL('app.js', PUBLIC_DIR)],
  ['/style.css', new URL('style.css', PUBLIC_DIR)],
  [CLIENT_SCRIPT_PATH, CLIENT_SCRIPT],
]);

const CONTENT_TYPES = new Map([
  ['html', 'text/html; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
]);

// The page runs nothing but its own scripts and talks only to its own
// origin ('self' covers ws:// on the same host and port); a chat shows text
// typed by strangers, so a slip in escaping must not become running code.
// Shared images are shown from object URLs, hence blob: for images only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * @typedef {object} StaticFile
 * @property {Buffer} body
 * @property {string} contentType
 */

/**
 * Reads the page's files once and returns the HTTP request listener that
 * serves them; any other path gets `404`.
 *
 * @returns {Promise<import('node:http').RequestListener>}
 */
export async function loadStaticSite() {
  /** @type {Map<string, StaticFile>} */
  const files = new Map();
  for (const [path, url] of ROUTES) {
    files.set(path, await loadFile(url));
  }
  return (req, res) => serveFile(files, req, res);
}

/**
 * @param {URL} url
 * @returns {Promise<StaticFile>}
 */
async function loadFile(url) {
  const extension = url.pathname.slice(url.pathname.lastIndexOf('.') + 1);
  return {
    body: await readFile(url),
    contentType: CONTENT_TYPES.get(extension) ?? 'application/octet-stream',
  };
}

/**
 * @param {Map<string, StaticFile>} files
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function serveFile(files, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }

  const file = files.get(pathOf(req.url));
  if (file === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not Found');
    return;
  }

  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.body.byteLength,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/**
 * @param {string | undefined} url
 * @returns {string}
 */
function pathOf(url = '/') {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

import { readFile } from 'node:fs/promises';

const PUBLIC_DIR = new URL('../public/', import.meta.url);

/** The page's files, by the URL path that serves each. */
const ROUTES = new Map([
  ['/', 'index.html'],
  ['/index.html', 'index.html'],
  ['/app.js', 'app.js'],
  ['/style.css', 'style.css'],
]);

const CONTENT_TYPES = new Map([
  ['html', 'text/html; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
]);

// The page runs nothing but its own script and talks only to its own origin
// ('self' covers ws:// on the same host and port); a chat shows text typed
// by strangers, so a slip in escaping must not become running code.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
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
  for (const [path, name] of ROUTES) {
    files.set(path, await loadFile(name));
  }
  return (req, res) => serveFile(files, req, res);
}

/**
 * @param {string} name
 * @returns {Promise<StaticFile>}
 */
async function loadFile(name) {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  return {
    body: await readFile(new URL(name, PUBLIC_DIR)),
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

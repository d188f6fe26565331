import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';

/** Paths that belong to the API and the probes: an unknown one is a JSON 404, never the console. */
const RESERVED = /^\/(api|healthz|readyz|metrics|demo)(\/|$)/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The console's page needs its own scripts and styles only; antd writes its CSS-in-JS into style
 * elements, hence 'unsafe-inline' for styles (not for scripts). No framing: clickjacking.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

interface StaticFile {
  type: string;
  etag: string;
  /** Vite names everything under assets/ by content hash: such a file never changes. */
  immutable: boolean;
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

async function walk(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(path.join(dir, e.name), rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/**
 * Loads the built console into memory: the files are few and small, and a fixed map of known
 * paths means a request can never reach outside the build folder. `.br` / `.gz` siblings written
 * by the build are served to clients that accept them.
 */
export async function loadConsoleFiles(dir: string): Promise<Map<string, StaticFile> | null> {
  let names: string[];
  try {
    names = await walk(dir);
  } catch {
    return null;
  }
  if (!names.includes('index.html')) return null;
  const files = new Map<string, StaticFile>();
  const set = new Set(names);
  for (const name of names) {
    if (name.endsWith('.br') || name.endsWith('.gz') || name === 'build-stamp.json') continue;
    const body = await readFile(path.join(dir, name));
    files.set(`/${name}`, {
      type: TYPES[path.extname(name)] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: name.startsWith('assets/'),
      body,
      br: set.has(`${name}.br`) ? await readFile(path.join(dir, `${name}.br`)) : undefined,
      gzip: set.has(`${name}.gz`) ? await readFile(path.join(dir, `${name}.gz`)) : undefined,
    });
  }
  return files;
}

function send(req: FastifyRequest, reply: FastifyReply, file: StaticFile): FastifyReply {
  reply.header('content-type', file.type).header('etag', file.etag).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff');
  // index.html names the hashed bundles of the current build: always revalidate it.
  reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (file.type.startsWith('text/html')) reply.header('content-security-policy', CSP).header('x-frame-options', 'DENY').header('referrer-policy', 'same-origin');
  if (req.headers['if-none-match'] === file.etag) return reply.status(304).send();
  const accept = String(req.headers['accept-encoding'] ?? '');
  if (file.br && /\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(file.br);
  if (file.gzip && /\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Vigil</title><p>The console has not been built. Run <code>npm run build:console</code> (or <code>npm install</code>) and restart the server. The API is served at <a href="/api/docs">/api/docs</a>.</p>`;

/**
 * Serves the built console at `/`: hashed assets cached for a year, everything else revalidated,
 * and client-side routes (`/alerts/42`) answered with index.html so a reload or a shared link
 * opens the right page. Paths of the API and the probes keep their JSON 404.
 */
export const consoleRoutes = (s: Services) => async (app: FastifyInstance) => {
  const dir = s.config.consoleDir;
  const files = await loadConsoleFiles(dir);
  if (!files) app.log.warn({ dir }, 'console not built: / answers with instructions; run npm run build:console');
  const index = files?.get('/index.html');

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const url = req.url.split('?')[0]!;
    if (RESERVED.test(url)) return reply.callNotFound();
    let pathname: string;
    try {
      pathname = decodeURIComponent(url);
    } catch {
      return reply.callNotFound();
    }
    const file = files?.get(pathname);
    if (file) return send(req, reply, file);
    // A missing asset is a 404 (a stale page asking for an old bundle must not get HTML as
    // script); any other path is a page of the console, ids with dots included.
    const ext = path.posix.extname(pathname);
    if (pathname.startsWith('/assets/') || (ext !== '.html' && ext in TYPES)) return reply.callNotFound();
    if (!index) return reply.status(503).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    return send(req, reply, index);
  });
};

#!/usr/bin/env node
// Builds the console (packages/console → packages/console/dist) when its sources changed since the
// last build, or always with --force. Run by `npm install` / `npm ci` (root `prepare`) and before
// `npm start`, so a fresh clone serves the console with no extra step. A failed build exits non-zero
// with the reason: an install or a start must never go on with a missing or stale console.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = path.join(root, 'packages/console');
const dist = path.join(pkg, 'dist');
const stampFile = path.join(dist, 'build-stamp.json');

/** Every input of the bundle: the console's own files and the lockfile that pins its dependencies. */
function fingerprint() {
  const hash = createHash('sha256');
  const visit = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'dist' || name === 'node_modules' || name === 'test' || name.startsWith('.')) continue;
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) visit(file);
      else hash.update(path.relative(pkg, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  };
  visit(pkg);
  hash.update(readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex');
}

function compress(dir) {
  let raw = 0;
  let gz = 0;
  const visit = (d) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) {
        visit(file);
        continue;
      }
      if (!/\.(js|mjs|css|html|svg|json|txt|map)$/.test(name)) continue;
      const body = readFileSync(file);
      raw += body.length;
      if (body.length < 1024) continue;
      const g = gzipSync(body, { level: 9 });
      gz += g.length;
      writeFileSync(`${file}.gz`, g);
      writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    }
  };
  visit(dir);
  return { raw, gz };
}

async function main() {
  const force = process.argv.includes('--force');
  const started = Date.now();
  const print = fingerprint();
  if (!force && existsSync(path.join(dist, 'index.html')) && existsSync(stampFile)) {
    try {
      if (JSON.parse(readFileSync(stampFile, 'utf8')).fingerprint === print) {
        process.stdout.write('console: up to date (packages/console/dist)\n');
        return;
      }
    } catch {
      // an unreadable stamp means a rebuild
    }
  }
  process.stdout.write('console: building packages/console with Vite …\n');
  // Vite as the console package resolves it, wherever npm placed it.
  const { build } = await import(pathToFileURL(createRequire(path.join(pkg, 'package.json')).resolve('vite')).href);
  await build({ configFile: path.join(pkg, 'vite.config.ts'), root: pkg, logLevel: 'warn' });
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('the build wrote no index.html');
  const { raw, gz } = compress(dist);
  const ms = Date.now() - started;
  // Written last: a build that stopped half-way leaves no stamp and is redone next time.
  writeFileSync(stampFile, JSON.stringify({ fingerprint: print, builtAt: new Date().toISOString(), ms }, null, 2) + '\n');
  process.stdout.write(`console: built in ${(ms / 1000).toFixed(1)} s → packages/console/dist (${(raw / 1024).toFixed(0)} KiB, ${(gz / 1024).toFixed(0)} KiB gzipped)\n`);
}

main().catch((e) => {
  process.stderr.write(`\nconsole: BUILD FAILED — the server cannot serve the console until this is fixed.\n${e?.stack ?? e}\n\n`);
  process.exit(1);
});

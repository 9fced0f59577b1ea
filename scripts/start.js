#!/usr/bin/env node
// `npm start`: builds when the compiled output is missing or older than the sources, then runs
// the demo (embedded PostgreSQL + demo data + API with the worker in process). Plain JS so it
// runs before anything is compiled; Nest needs decorator metadata, which only tsc emits.
'use strict';
const { execSync, spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ['apps', 'libs', 'migrations', 'scripts'].map((d) => join(root, d)).filter(existsSync);
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (Math.max(...sources.map(newestSource), statSync(join(root, 'tsconfig.build.json')).mtimeMs) > built) {
  process.stdout.write('Building (npm run build)…\n');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}

// own process group: Ctrl+C reaches only this launcher, which forwards it, so the embedded
// PostgreSQL keeps running until the API has finished its jobs and closed its connections
const child = spawn(process.execPath, [join(root, 'dist', 'scripts', 'demo.js')], { cwd: root, stdio: 'inherit', detached: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

#!/usr/bin/env node
// Entry point of the `medbillguard` command. Runs the compiled CLI from dist/ (built by `npm ci`
// through the `prepare` script, or by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('medbillguard: the compiled CLI is missing (dist/). Run `npm ci` or `npm run build` in the project folder.\n');
  process.exit(3);
}
await import(main.href);

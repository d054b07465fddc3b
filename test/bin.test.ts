// The installed command: bin/medbillguard.js runs the bundled CLI (dist/cli.cjs) through a V8
// code cache. These tests pin that the bundle answers exactly as the ES-module build does, that
// the code cache is written once, reused, survives corruption and can be turned off, and that
// the commands kept outside the bundle still report user errors as one line with exit 3.
// They run what `npm run build` made (npm ci runs it): build first if dist/ is missing.
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

const root = new URL('../', import.meta.url).pathname;
const bin = join(root, 'bin/medbillguard.js');
const modules = join(root, 'dist/cli/main.js');
const bundle = join(root, 'dist/cli.cjs');

interface Run { code: number; stdout: string; stderr: string }

function run(script: string, args: string[], env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeFlags, script, ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The analysis without its timing, which differs from run to run. */
const stable = (json: string) => JSON.stringify(JSON.parse(json), (key, value) => (key === 'latency_ms' ? undefined : value));

let cacheDir: string;
before(() => {
  assert.ok(existsSync(bundle) && existsSync(modules), 'dist/ is not built: run `npm run build` (npm ci does it)');
  cacheDir = mkdtempSync(join(tmpdir(), 'mbg-bin-'));
});
after(() => rmSync(cacheDir, { recursive: true, force: true }));

const codeCaches = () => readdirSync(cacheDir).filter((f) => /^cli-code-[0-9a-f]{16}\.bin$/.test(f));

test('the bundled command gives the same analysis as the ES-module build, on text, PDF and CSV bills', async () => {
  const bills = ['examples/hospital-bill.txt', 'test/fixtures/pdf/bill-3-pages.pdf', ...readdirSync(join(root, 'test/fixtures/bills')).filter((f) => f.endsWith('.csv')).slice(0, 1).map((f) => `test/fixtures/bills/${f}`)];
  assert.ok(bills.length >= 2);
  for (const bill of bills) {
    const [bundled, plain] = await Promise.all([
      run(bin, ['analyze', bill, '--format', 'json'], { MEDBILLGUARD_CACHE_DIR: cacheDir }),
      run(modules, ['analyze', bill, '--format', 'json'], { MEDBILLGUARD_CACHE: 'off' }),
    ]);
    assert.equal(bundled.code, 0, bundled.stderr);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(bundled.stderr, '');
    assert.equal(stable(bundled.stdout), stable(plain.stdout), bill);
  }
});

test('a first run with an empty cache folder uses the caches the build made in dist/cache/ and writes nothing', async () => {
  const prebuilt = readdirSync(join(root, 'dist/cache'));
  assert.ok(prebuilt.some((f) => f.startsWith('cli-code-')), 'npm run build leaves a code cache in dist/cache/');
  assert.ok(prebuilt.some((f) => f.startsWith('cghs-index-')), 'npm run build leaves the CGHS index in dist/cache/');
  const dir = mkdtempSync(join(tmpdir(), 'mbg-first-'));
  try {
    const r = await run(bin, ['analyze', 'examples/hospital-bill.txt', '--format', 'json'], { MEDBILLGUARD_CACHE_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the code cache is written on the first run, reused unchanged, and rewritten when corrupt', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbg-code-'));
  // Node flags are part of the code cache's key: with one the build did not use, dist/cache/ has no entry.
  const flags = ['--max-old-space-size=1024'];
  try {
    const env = { MEDBILLGUARD_CACHE_DIR: dir };
    const first = await run(bin, ['analyze', 'examples/hospital-bill.txt', '--format', 'markdown'], env, flags);
    assert.equal(first.code, 0, first.stderr);
    const files = readdirSync(dir).filter((f) => f.startsWith('cli-code-'));  // (the index caches come from dist/cache/)
    assert.equal(files.length, 1, `one code cache file, found ${files.join(', ')}`);
    const file = join(dir, files[0]!);
    const written = statSync(file);
    assert.ok(written.size > 10_000, 'the cache holds compiled code');

    const second = await run(bin, ['analyze', 'examples/hospital-bill.txt', '--format', 'markdown'], env, flags);
    assert.equal(second.stdout, first.stdout);
    assert.equal(statSync(file).mtimeMs, written.mtimeMs, 'an accepted cache is not written again');

    writeFileSync(file, Buffer.alloc(written.size, 7)); // same length, wrong bytes
    const third = await run(bin, ['analyze', 'examples/hospital-bill.txt', '--format', 'markdown'], env, flags);
    assert.equal(third.code, 0, third.stderr);
    assert.equal(third.stdout, first.stdout);
    assert.notEqual(statSync(file).mtimeMs, written.mtimeMs, 'a rejected cache is replaced');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('MEDBILLGUARD_CACHE=off runs the bundle without writing a code cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbg-off-'));
  try {
    const r = await run(bin, ['analyze', 'examples/hospital-bill.txt', '--format', 'jsonl'], { MEDBILLGUARD_CACHE: 'off', MEDBILLGUARD_CACHE_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).line_items.length, 13);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('commands outside the bundle work through it, with a cached bundle too, and report user errors as one line', async () => {
  for (let round = 0; round < 2; round++) {
    const env = { MEDBILLGUARD_CACHE_DIR: cacheDir };
    const list = await run(bin, ['data', 'list', '--format', 'json'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.ok((JSON.parse(list.stdout) as Array<{ source: string }>).some((d) => d.source === 'CGHS'));
    assert.equal(list.stderr, '');

    const missing = await run(bin, ['letter', 'no-such-bill.txt', '--to', 'hospital', '--out', join(cacheDir, 'x.pdf')], env);
    assert.equal(missing.code, 3);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    assert.match(missing.stderr, /no-such-bill\.txt: file not found/);
  }
  assert.ok(codeCaches().length <= 1);
});

test('service commands go straight to the server entry: a bad setting exits 2 at once, naming it, instead of hanging', async () => {
  const started = Date.now();
  const r = await run(bin, ['serve', '--workers', '2'], { PORT: 'not-a-port', DATA_DIR: cacheDir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /PORT/);
  assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
  assert.ok(Date.now() - started < 30_000);
  const usage = await run(bin, ['migrate', '--bogus']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Unknown option '--bogus'/);
});

test('serve runs from the service bundle through its code cache: ready, then SIGTERM exits 0', async () => {
  assert.ok(existsSync(join(root, 'dist/server.cjs')), 'npm run build makes dist/server.cjs');
  assert.ok(readdirSync(join(root, 'dist/cache')).some((f) => f.startsWith('server-code-')), 'npm run build leaves the service\'s code cache in dist/cache/');
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((done) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)); }); });
  const dataDir = mkdtempSync(join(tmpdir(), 'mbg-serve-'));
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [bin, 'serve'], { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_WORKER: 'false', WEB_CONCURRENCY: '1', MEDBILLGUARD_CACHE_DIR: cacheDir }, stdio: 'ignore' });
  try {
    let body = '';
    for (let i = 0; i < 600 && !body; i++) {
      body = await fetch(`http://127.0.0.1:${port}/health/readiness`).then((r) => (r.ok ? r.text() : ''), () => '');
      if (!body) await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(body, /ready/);
    const analysed = await fetch(`http://127.0.0.1:${port}/v1/analyses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file_name: 'bill.txt', file_content: Buffer.from(readFileSync(join(root, 'examples/hospital-bill.txt'))).toString('base64') }) });
    assert.equal(analysed.status, 201);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the bundle also runs on its own with node, without the bin', async () => {
  const r = await run(bundle, ['analyze', 'examples/hospital-bill.txt', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).red_flags.length > 0, true);
});

test('prepare (npm ci, and npx the first time it links this folder) skips the build only when dist/ was built from the same sources', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'mbg-stamp-'));
  try {
    for (const p of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'scripts', 'src', 'data', 'examples']) {
      if (existsSync(join(root, p))) cpSync(join(root, p), join(copy, p), { recursive: true });
    }
    const stamp = (mode: string) => run(join(copy, 'scripts/build-stamp.mjs'), [mode]);
    // No build at all: prepare must build.
    assert.equal((await stamp('check')).code, 1);
    // A complete build (the files the bin runs), stamped.
    for (const p of ['dist/cli.cjs', 'dist/server.cjs', 'dist/cli/main.js', 'dist/server/commands.js']) {
      mkdirSync(join(copy, p, '..'), { recursive: true });
      writeFileSync(join(copy, p), '');
    }
    mkdirSync(join(copy, 'dist/cache'));
    assert.equal((await stamp('write')).code, 0);
    const upToDate = await stamp('check');
    assert.equal(upToDate.code, 0, upToDate.stderr);
    assert.match(upToDate.stdout, /already built/);
    // A changed source file, and a missing output, each mean building again.
    appendFileSync(join(copy, 'src/analyze.ts'), '\n');
    assert.equal((await stamp('check')).code, 1);
    assert.equal((await stamp('write')).code, 0);
    assert.equal((await stamp('check')).code, 0);
    rmSync(join(copy, 'dist/server.cjs'));
    assert.equal((await stamp('check')).code, 1);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

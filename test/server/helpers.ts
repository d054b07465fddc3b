// Shared by the service tests: a server on a free port over a fresh database, the backends to
// run against (embedded SQLite always; PostgreSQL + Redis when TEST_DATABASE_URL and
// TEST_REDIS_URL are set, as .ci/run does), realistic bills, and HTTP helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after } from 'node:test';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createServer, startConsumer, type MbgServer } from '../../src/server/process.ts';
import { createRuntime } from '../../src/server/runtime.ts';

export interface Backend {
  name: string;
  /** Environment for a server or worker on a fresh, empty database of this backend. */
  prepare(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  async prepare() {
    const dir = mkdtempSync(join(tmpdir(), 'mbg-test-'));
    return { env: { DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

/**
 * A database of its own on the test PostgreSQL server, dropped afterwards. Test databases more
 * than an hour old (left by a run that was killed) are dropped first; the name carries its time.
 */
export async function freshPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `mbg_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'mbg\\_test\\_%'`);
    for (const { datname } of old.rows) {
      const born = Number.parseInt(datname.split('_')[2] ?? '', 36);
      if (/^mbg_test_[0-9a-z]+_[0-9a-f]{6}$/.test(datname) && born < Date.now() - 3600_000) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
    }
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const postgresRedisBackend = (databaseUrl: string, redisUrl: string): Backend => ({
  name: 'postgres+redis',
  async prepare() {
    const db = await freshPostgres(databaseUrl);
    const prefix = `mbgt${randomBytes(4).toString('hex')}`;
    const env = { DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, AUTO_MIGRATE: 'true' };
    return {
      env,
      async cleanup() {
        await db.drop();
        const { Redis } = await import('ioredis');
        const r = new Redis(redisUrl);
        const keys = await r.keys(`${prefix}:*`);
        if (keys.length) await r.del(...keys);
        r.disconnect();
      },
    };
  },
});

/** Every backend the environment offers. PostgreSQL and Redis go together, as in a deployment. */
export function backends(): Backend[] {
  const list = [sqliteBackend];
  const { TEST_DATABASE_URL: db, TEST_REDIS_URL: redis } = process.env;
  if (db && redis) list.push(postgresRedisBackend(db, redis));
  else if (db || redis) throw new Error('set both TEST_DATABASE_URL and TEST_REDIS_URL, or neither');
  return list;
}

// DB_CONNECT_TIMEOUT_MS: this 2-core machine runs other suites beside these; a connection that
// takes more than the production 2 s there is slowness, not the outage a test is about.
export const QUIET: Record<string, string> = { LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', PORT: '0', HOST: '127.0.0.1', DB_CONNECT_TIMEOUT_MS: '10000' };

export function testConfig(env: Record<string, string>): Config {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|REDIS_URL|PORT|HOST|DATA_DIR|RUN_WORKER|REDIS_PREFIX)$/.test(k)) base[k] = v;
  return loadConfig({ ...base, ...QUIET, ...env });
}

export interface TestServer {
  url: string;
  server: MbgServer;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string>, options: { consumer?: boolean } = {}): Promise<TestServer> {
  const config = testConfig(env);
  const server = await createServer(config, { logger: pino({ level: 'silent' }) });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  if (options.consumer ?? config.runWorker) server.startConsumer();
  return { url, server, close: () => server.close() };
}

/**
 * A `medbillguard worker` inside the test process: its own runtime (database pool, Redis
 * connections, queue consumer), as the worker command builds it, so it competes with other
 * workers exactly as a separate process would; only dying by SIGKILL needs a real process.
 */
export async function startInProcessWorker(env: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  const config = testConfig(env);
  const runtime = await createRuntime(config, pino({ level: 'silent' }), { migrate: false });
  const consumer = startConsumer(runtime);
  return {
    async stop() {
      await consumer.stop(config.shutdownTimeoutMs);
      await runtime.close();
    },
  };
}

/** A realistic in-patient bill of about 30 lines; `variant` changes the bill number and one amount, so the bytes differ. */
export function textBill(variant = 0, lines = 30): string {
  const items: Array<[string, number, number]> = [
    ['Semi-Private Room Rent', 3, 2500], ['Inpatient Consultation', 1, 350], ['ICU Charges', 1, 4590], ['Complete Blood Count (CBC)', 1, 250],
    ['HbA1c', 1, 120], ['Serum Creatinine', 1, 90], ['Uric Acid', 1, 50], ['X-Ray Chest PA View', 1, 450], ['ECG', 1, 150],
    ['Ultrasound Abdomen', 1, 900], ['Lipid Profile', 1, 300], ['Liver Function Test', 1, 400], ['Blood Sugar Fasting', 1, 40],
    ['Urine Routine Examination', 1, 60], ['Nerve Conduction Study', 1, 541], ['Admission Charges', 1, 500], ['Registration Fee', 1, 200],
    ['Paracetamol 500mg Tablet', 10, 1.5], ['Pantoprazole 40mg Tablet', 10, 6], ['Ceftriaxone 1g Injection', 3, 48],
    ['Normal Saline 500ml', 4, 35], ['Diclofenac 50mg Tablet', 20, 5.68], ['Ondansetron 4mg Injection', 2, 12], ['Multivitamin Capsule', 5, 8],
    ['IV Cannula', 2, 90], ['Disposable Syringe 5ml', 6, 8], ['Surgical Gloves', 4, 25], ['Nursing Charges', 3, 300],
    ['Dietician Consultation', 1, 350], ['Physiotherapy Session', 2, 400], ['Serum Electrolytes', 1, 180], ['Thyroid Profile', 1, 450],
  ];
  const rows = items.slice(0, lines);
  let total = 0;
  const body = rows.map(([name, qty, rate], i) => {
    const r = i === 3 ? rate + (variant % 97) : rate;
    const amount = Math.round(qty * r * 100) / 100;
    total += amount;
    const day = 5 + (i % 4);
    return `${String(i + 1).padEnd(6)}2025-05-0${day}  ${name.padEnd(40)} ${String(qty).padStart(4)} ${r.toFixed(2).padStart(12)} ${amount.toFixed(2).padStart(13)}`;
  });
  return [
    'LIFELINE MULTISPECIALITY HOSPITAL', 'Bengaluru', 'FINAL BILL - IN PATIENT', '',
    `Patient Name: Test Patient ${variant}        Bill No: IP/2025/${String(10000 + variant)}`,
    'Date of Admission: 2025-05-05   Date of Discharge: 2025-05-08   Ward: semi-private', '',
    'S.No  Date        Description                                   Qty         Rate        Amount',
    '-'.repeat(95), ...body, '-'.repeat(95),
    `Sub Total: ${total.toFixed(2)}`, `NET PAYABLE AMOUNT: ${total.toFixed(2)}`, '', 'This is a computer generated bill.', '',
  ].join('\n');
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

export async function getJson(url: string): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: res.headers };
}

export async function postForm(url: string, files: Array<{ name: string; content: string | Uint8Array; field?: string }>, fields: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field ?? 'file', new Blob([f.content]), f.name);
  const res = await fetch(url, { method: 'POST', body: form });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

export const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Runs `medbillguard <command>` (the CLI's own entry, src/cli/main.ts, under tsx) in a child process. */
export function spawnCommand(command: string, env: Record<string, string>, args: string[] = []): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', command, ...args], {
    env: { ...process.env, ...QUIET, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  return Object.assign(child, { output: () => out });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** One file of a ZIP archive (a DOCX is one), read through the central directory. */
export function zipEntry(zip: Uint8Array, name: string): string | null {
  const buf = Buffer.from(zip);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP archive');
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('broken ZIP central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const entryName = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buf.readUInt32LE(at + 42);
    if (entryName === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return null;
}

/**
 * A test process that something keeps alive after its last test (a server or socket a failed
 * test could not close) would hang the whole run: node 20's runner waits for it forever. Once
 * every test has finished, give it `graceMs` to exit on its own, then name what is still open and
 * exit with the tests' own status.
 */
export function exitWhenDone(graceMs = 10_000): void {
  after(() => {
    setTimeout(() => {
      const open = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles()
        .map((h) => h.constructor.name).filter((n) => n !== 'WriteStream' && n !== 'ReadStream');
      process.stderr.write(`test process still alive ${graceMs} ms after its last test; open handles: ${open.join(', ') || 'none'}\n`);
      process.exit(process.exitCode ?? 0);
    }, graceMs).unref();
  });
}

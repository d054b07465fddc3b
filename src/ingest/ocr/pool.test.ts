// The page pool's guarantees: never more pages in flight than slots, a slow page is stopped at
// its time limit and its engine replaced, a user error keeps the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { OcrPool, OcrTimeoutError, defaultPoolSize } from './pool.ts';
import { UserError } from '../../domain/errors.ts';
import type { OcrEngine } from './types.ts';

/** An engine that only records its life cycle; the tasks below do the work. */
function countingEngines() {
  const made: Array<{ closed: boolean }> = [];
  const create = (): OcrEngine => {
    const state = { closed: false };
    made.push(state);
    return {
      name: 'native',
      recognize: () => Promise.reject(new Error('not used')),
      close: async () => { state.closed = true; },
    };
  };
  return { made, create };
}

test('runs at most `size` pages at once, in the order they came', async () => {
  const { create, made } = countingEngines();
  const pool = new OcrPool(create, 2);
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  await Promise.all(Array.from({ length: 7 }, (_, i) => pool.run(async () => {
    started.push(i);
    running++;
    peak = Math.max(peak, running);
    await sleep(5);
    running--;
  }, 1000)));
  assert.equal(peak, 2);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(made.length, 2, 'one engine per slot, reused');
});

test('stops a page at its time limit: the signal aborts, the engine is closed and replaced', async () => {
  const { create, made } = countingEngines();
  const pool = new OcrPool(create, 1);
  let aborted = false;
  await assert.rejects(pool.run(async (_engine, signal) => {
    signal.addEventListener('abort', () => { aborted = true; });
    await sleep(200);
  }, 20), OcrTimeoutError);
  assert.ok(aborted);
  assert.equal(made[0]!.closed, true);
  await pool.run(async () => undefined, 1000);
  assert.equal(made.length, 2, 'a fresh engine for the next page');
});

test('an unreadable image does not cost the engine', async () => {
  const { create, made } = countingEngines();
  const pool = new OcrPool(create, 1);
  await assert.rejects(pool.run(async () => { throw new UserError('IMAGE_UNREADABLE'); }, 1000));
  await pool.run(async () => undefined, 1000);
  assert.equal(made.length, 1);
  assert.equal(made[0]!.closed, false);
});

test('prepares the next pages while the engines read, holding at most `size` pages in preparation or waiting', async () => {
  const { create } = countingEngines();
  const pool = new OcrPool(create, 1);
  const events: string[] = [];
  let preparedNotReading = 0;
  let peakWaiting = 0;
  await Promise.all(Array.from({ length: 4 }, (_, i) => pool.runPrepared(async () => {
    events.push(`prepare ${i}`);
    await sleep(2);
    preparedNotReading++;
    peakWaiting = Math.max(peakWaiting, preparedNotReading);
    return i;
  }, async (_engine, _signal, prepared) => {
    preparedNotReading--;
    events.push(`read ${prepared}`);
    await sleep(15);
    events.push(`done ${prepared}`);
  }, 1000)));
  // Page 1 is prepared while page 0 is being read, and so on.
  assert.ok(events.indexOf('prepare 1') < events.indexOf('done 0'), events.join(', '));
  assert.ok(events.indexOf('prepare 2') < events.indexOf('done 1'), events.join(', '));
  assert.equal(peakWaiting, 1, 'one page prepared ahead for one engine');
  assert.deepEqual(events.filter((e) => e.startsWith('read')), ['read 0', 'read 1', 'read 2', 'read 3']);
});

test('a preparation that runs past the time limit fails the page, not the pool', async () => {
  const { create } = countingEngines();
  const pool = new OcrPool(create, 1);
  await assert.rejects(pool.runPrepared(() => sleep(200), async () => undefined, 20), OcrTimeoutError);
  assert.equal(await pool.runPrepared(async () => 1, async (_e, _s, n) => n + 1, 1000), 2);
});

test('sizes the pool to the machine, at most 4 native or 2 tesseract.js workers, or as configured', () => {
  assert.ok(defaultPoolSize('native', {}) >= 1 && defaultPoolSize('native', {}) <= 4);
  assert.ok(defaultPoolSize('tesseractjs', {}) >= 1 && defaultPoolSize('tesseractjs', {}) <= 2);
  assert.equal(defaultPoolSize('tesseractjs', { MEDBILLGUARD_OCR_WORKERS: '3' }), 3);
  assert.equal(defaultPoolSize('native', { MEDBILLGUARD_OCR_WORKERS: 'lots' }), defaultPoolSize('native', {}));
});

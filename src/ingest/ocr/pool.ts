// A fixed-size pool of OCR engines. A page holds one slot from decoding to the last word, so at
// most `size` pages are in memory and in recognition at once; a page that runs past its
// timeout has its engine stopped (process killed or worker terminated) and replaced.
import { availableParallelism } from 'node:os';
import { isUserError } from '../../domain/errors.ts';
import type { OcrEngine } from './types.ts';

export class OcrTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`text recognition took longer than ${Math.round(timeoutMs / 1000)} s`);
    this.name = 'OcrTimeoutError';
  }
}

export const OCR_WORKERS_ENV = 'MEDBILLGUARD_OCR_WORKERS';

/** Slots for this machine: one per core, at least 1, at most 4 (2 for tesseract.js, which holds its models per worker). */
export function defaultPoolSize(engine: OcrEngine['name'], env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number.parseInt(env[OCR_WORKERS_ENV] ?? '', 10);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 16);
  const cap = engine === 'native' ? 4 : 2;
  return Math.max(1, Math.min(cap, availableParallelism()));
}

/** A counting semaphore, first come first served. */
class Permits {
  private readonly waiting: Array<() => void> = [];
  constructor(private free: number) {}

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

interface Slot {
  engine: OcrEngine | undefined;
  busy: boolean;
}

export class OcrPool {
  private readonly slots: Slot[];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private closed = false;

  /** Pages being prepared (or prepared and waiting for an engine): as many as there are engines. */
  private readonly preparing: Permits;

  constructor(private readonly createEngine: () => OcrEngine, readonly size: number) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({ engine: undefined, busy: false }));
    this.preparing = new Permits(Math.max(1, size));
  }

  /**
   * Runs `prepare` (work that needs no engine: decoding and cleaning up a page) while the engines
   * are busy with earlier pages, then `task` with an engine. At most `size` pages are in
   * preparation or waiting for an engine, and `size` in recognition, so memory stays bounded.
   * Each stage has `timeoutMs`.
   */
  async runPrepared<P, T>(
    prepare: () => Promise<P>,
    task: (engine: OcrEngine, signal: AbortSignal, prepared: P) => Promise<T>,
    timeoutMs: number,
  ): Promise<T> {
    if (this.closed) throw new Error('the OCR pool is closed');
    await this.preparing.acquire();
    let held = true;
    const letGo = (): void => {
      if (held) { held = false; this.preparing.release(); }
    };
    try {
      const prepared = await withTimeout(prepare(), timeoutMs);
      return await this.run((engine, signal) => {
        letGo();
        return task(engine, signal, prepared);
      }, timeoutMs);
    } finally {
      letGo();
    }
  }

  /**
   * Runs `task` with an engine of its own. The signal aborts when the task passes `timeoutMs`;
   * the pool then stops that engine and rejects with OcrTimeoutError.
   */
  async run<T>(task: (engine: OcrEngine, signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
    const slot = await this.acquire();
    const engine = (slot.engine ??= this.createEngine());
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new OcrTimeoutError(timeoutMs));
        reject(new OcrTimeoutError(timeoutMs));
      }, timeoutMs);
    });
    try {
      return await Promise.race([task(engine, controller.signal), timeout]);
    } catch (err) {
      // A timed-out or failed engine may be mid-job or broken: replace it. A user error (an
      // unreadable image) happened before the engine was used, so the engine is kept.
      if (!isUserError(err)) {
        slot.engine = undefined;
        await engine.close().catch(() => undefined);
      }
      throw err;
    } finally {
      clearTimeout(timer);
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map(async (slot) => {
      const engine = slot.engine;
      slot.engine = undefined;
      await engine?.close().catch(() => undefined);
    }));
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('the OCR pool is closed'));
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }
}

/** Rejects with OcrTimeoutError when `work` has not settled within `timeoutMs` (the work itself runs on). */
async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OcrTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

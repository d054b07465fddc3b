// tesseract.js 7 (Tesseract compiled to WebAssembly, in a worker thread): the engine that always
// works, with the eng and hin models from npm. One engine owns one worker; the pool runs several.
import Tesseract from 'tesseract.js';
import { DEFAULT_PSM, TESSERACT_PARAMS, type OcrEngine, type OcrLangs, type OcrOptions, type OcrResult } from './types.ts';
import { parseTesseractTsv } from './tsv.ts';
import { imageSize } from './image-size.ts';
import { tesseractJsLangPath } from './tessdata.ts';

type TjsWorker = Tesseract.Worker & { worker?: { ref?(): void; unref?(): void } };

export class TesseractJsEngine implements OcrEngine {
  readonly name = 'tesseractjs' as const;
  private worker: Promise<TjsWorker> | undefined;
  private langs: OcrLangs | undefined;
  private params = '';
  private dead = false;

  /** Starts the worker and loads the models now rather than on the first page. */
  async warmUp(langs: OcrLangs = 'eng+hin'): Promise<void> {
    await this.startWorker(langs);
  }

  async recognize(png: Buffer, opts: OcrOptions): Promise<OcrResult> {
    if (this.dead) throw new Error('the OCR worker was stopped');
    const { width, height } = imageSize(png);
    const onAbort = (): void => { void this.close(); };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const worker = await this.startWorker();
    // The worker thread is unref'd while idle (so it never keeps the process alive) and ref'd
    // for the length of a job (so the process waits for the answer).
    worker.worker?.ref?.();
    try {
      await this.useLangs(worker, opts.langs);
      await this.setParams(worker, opts);
      const result = await worker.recognize(png, {}, { text: false, tsv: true });
      if (this.dead) throw new Error('the OCR worker was stopped');
      const parsed = parseTesseractTsv(result.data.tsv ?? '');
      return { words: parsed.words, confidence: parsed.confidence, width, height };
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      worker.worker?.unref?.();
    }
  }

  async close(): Promise<void> {
    this.dead = true;
    const pending = this.worker;
    this.worker = undefined;
    if (pending) await pending.then((w) => w.terminate()).catch(() => undefined);
  }

  private startWorker(langs: OcrLangs = 'eng+hin'): Promise<TjsWorker> {
    if (!this.worker) {
      this.langs = langs;
      this.worker = createTjsWorker(langs);
      this.worker.catch(() => { this.worker = undefined; });
    }
    return this.worker;
  }

  private async useLangs(worker: TjsWorker, langs: OcrLangs): Promise<void> {
    if (this.langs === langs) return;
    await worker.reinitialize(langs);
    this.langs = langs;
    this.params = '';
  }

  private async setParams(worker: TjsWorker, opts: OcrOptions): Promise<void> {
    const params = {
      ...TESSERACT_PARAMS,
      tessedit_pageseg_mode: String(opts.psm ?? DEFAULT_PSM) as Tesseract.PSM,
      user_defined_dpi: String(opts.dpi ?? 300),
    };
    const key = JSON.stringify(params);
    if (key === this.params) return;
    await worker.setParameters(params);
    this.params = key;
  }
}

async function createTjsWorker(langs: OcrLangs): Promise<TjsWorker> {
  const worker = (await Tesseract.createWorker(langs, Tesseract.OEM.LSTM_ONLY, {
    langPath: tesseractJsLangPath(),
    cacheMethod: 'none',
    gzip: true,
    // Without a handler tesseract.js throws a failed job's error out of its message listener.
    errorHandler: () => undefined,
  })) as TjsWorker;
  worker.worker?.unref?.();
  return worker;
}

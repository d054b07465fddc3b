// The native `tesseract` program (faster than the WebAssembly build) run as a child process with
// TSV output. Optional: the product works without it (see engine.ts for the selection).
import { spawn, execFile } from 'node:child_process';
import { DEFAULT_PSM, TESSERACT_PARAMS, type OcrEngine, type OcrLangs, type OcrOptions, type OcrResult } from './types.ts';
import { parseTesseractTsv } from './tsv.ts';
import { imageSize } from './image-size.ts';

export interface NativeTesseractInfo {
  version: string;
  langs: string[];
}

const PROBE_TIMEOUT_MS = 5_000;
let probed: Promise<NativeTesseractInfo | null> | undefined;

/** What `tesseract --version` and `--list-langs` say, or null when the program is missing or broken. Cached. */
export function probeNativeTesseract(binary = 'tesseract'): Promise<NativeTesseractInfo | null> {
  if (binary !== 'tesseract') return probe(binary);
  probed ??= probe(binary);
  return probed;
}

async function probe(binary: string): Promise<NativeTesseractInfo | null> {
  try {
    const versionOut = await run(binary, ['--version']);
    const version = /tesseract\s+v?([\d.]+)/i.exec(versionOut)?.[1];
    if (!version) return null;
    const langsOut = await run(binary, ['--list-langs']);
    const langs = langsOut.split('\n').slice(1).map((l) => l.trim()).filter((l) => /^[\w-]+$/.test(l));
    return { version, langs };
  } catch {
    return null;
  }
}

function run(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: PROBE_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err) reject(err);
      else resolve(`${stdout}\n${stderr}`);
    });
  });
}

export class NativeTesseractEngine implements OcrEngine {
  readonly name = 'native' as const;

  constructor(
    private readonly info: NativeTesseractInfo,
    private readonly binary = 'tesseract',
  ) {}

  /** Hindi is used only when its model is installed; English alone otherwise. */
  effectiveLangs(langs: OcrLangs): OcrLangs {
    return langs === 'eng+hin' && this.info.langs.includes('hin') ? 'eng+hin' : 'eng';
  }

  recognize(png: Buffer, opts: OcrOptions): Promise<OcrResult> {
    const { width, height } = imageSize(png);
    const args = [
      'stdin', 'stdout',
      '-l', this.effectiveLangs(opts.langs),
      '--psm', String(opts.psm ?? DEFAULT_PSM),
      '--dpi', String(opts.dpi ?? 300),
      ...Object.entries(TESSERACT_PARAMS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      'tsv',
    ];
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
        signal: opts.signal,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', reject);
      child.stdin.on('error', () => { /* the exit handler reports the failure */ });
      child.on('close', (code, signal) => {
        if (code !== 0) {
          const why = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-1)[0] ?? '';
          reject(new Error(`tesseract exited with ${signal ?? code}${why ? `: ${why}` : ''}`));
          return;
        }
        const parsed = parseTesseractTsv(Buffer.concat(out).toString('utf8'));
        resolve({ words: parsed.words, confidence: parsed.confidence, width, height });
      });
      child.stdin.end(png);
    });
  }

  async close(): Promise<void> {
    // Nothing held between calls: each page is its own process.
  }
}

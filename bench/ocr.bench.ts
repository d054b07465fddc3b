// OCR benchmark: seconds per A4 page at 300 dpi with each engine on one worker (one core),
// pages per second with the default pool, peak memory (this process plus OCR child processes).
// Run: node --import tsx bench/ocr.bench.ts [pages]   Prints one JSON object.
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync, readdirSync } from 'node:fs';
import { renderBill, makeBillSpec } from '../test/fixtures/images/render-bill.ts';
import { degrade } from '../test/fixtures/images/degrade.ts';
import { scoreWords } from '../test/fixtures/images/score.ts';
import { readImages, closeOcr } from '../src/ingest/image.ts';
import { probeNativeTesseract } from '../src/ingest/ocr/native.ts';
import { OCR_WORKERS_ENV, defaultPoolSize } from '../src/ingest/ocr/pool.ts';
import type { OcrEngineName } from '../src/ingest/ocr/types.ts';

const PAGES = Number(process.argv[2] ?? 4);
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds used so far by this process and its waited-for children (native tesseract). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS; // cutime, cstime
  } catch { /* not Linux: children not counted */ }
  return (own.user + own.system) / 1e6 + children;
}

/** Samples the resident memory of this process and its child processes; keeps the peak. */
function rssSampler(): { stop: () => number } {
  const rssOf = (pid: string): number => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch { return 0; }
  };
  const childPids = (): string[] => {
    try {
      return readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean));
    } catch { return []; }
  };
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss + childPids().reduce((s, pid) => s + rssOf(pid), 0));
  }, 20);
  return { stop: () => { clearInterval(timer); return peak; } };
}

async function pagesOf(count: number): Promise<Array<{ bytes: Buffer; fileName: string; words: string[] }>> {
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const bill = renderBill(makeBillSpec(100 + i, 22), { dpi: 300 });
    // A 300 dpi office scan: slight blur and sensor noise, stored as PNG.
    return { bytes: await degrade(bill.png, { blur: 0.5, noise: 5 }, i + 1), fileName: `page-${i + 1}.png`, words: bill.words };
  }));
}

async function run(engine: OcrEngineName, workers: number, pages: Awaited<ReturnType<typeof pagesOf>>) {
  process.env[OCR_WORKERS_ENV] = String(workers);
  await closeOcr();
  // Warm-up page: starts the workers and loads the models (a long-running service pays this once).
  await readImages([pages[0]!], { engine });
  const rss = rssSampler();
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const docs = await Promise.all(pages.map((p) => readImages([p], { engine })));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  const peak = rss.stop();
  const f1 = docs.reduce((s, d, i) => s + scoreWords(pages[i]!.words, d.pages.flatMap((p) => p.lines.flatMap((l) => l.text.split(/\s+/).filter(Boolean)))).f1, 0) / docs.length;
  await closeOcr();
  return {
    workers,
    pages: pages.length,
    seconds_per_page: round(seconds / pages.length),
    cpu_seconds_per_page: round(cpu / pages.length),
    pages_per_second: round(pages.length / seconds),
    peak_rss_mb: Math.round(peak / 1048576),
    word_f1: round(f1),
    mean_ocr_confidence: round(docs.reduce((s, d) => s + (d.ocrConfidence ?? 0), 0) / docs.length),
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

const pages = await pagesOf(PAGES);
const native = await probeNativeTesseract();
const engines: OcrEngineName[] = native ? ['native', 'tesseractjs'] : ['tesseractjs'];
const results: Record<string, unknown> = {};
for (const engine of engines) {
  const single = await run(engine, 1, pages);
  const pooled = await run(engine, Math.max(2, defaultPoolSize(engine, {})), pages);
  results[engine] = { one_worker: single, pool: pooled };
}
console.log(JSON.stringify({
  benchmark: 'ocr',
  page: { size: 'A4', dpi: 300, pixels: '2481x3508', items: 22, degradation: 'blur 0.5 px, noise σ 5' },
  machine: { cores: availableParallelism(), load_average_1m: round(loadavg()[0]!), node: process.version },
  native_tesseract: native?.version ?? null,
  targets: { native_seconds_per_page: 1.5, tesseractjs_seconds_per_page: 2.5, peak_rss_mb_two_workers: 600 },
  results,
}, null, 1));

// OCR benchmark: seconds per A4 page at 300 dpi with each engine on one worker pinned to one core,
// pages per second with the default pool, peak memory (this process plus OCR child processes).
// Run: node --import tsx bench/ocr.bench.ts [pages]   Prints one JSON object. Each measurement
// runs in a fresh child process (the parent only renders the pages).
import { availableParallelism, loadavg } from 'node:os';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBill, makeBillSpec } from '../test/fixtures/images/render-bill.ts';
import { degrade } from '../test/fixtures/images/degrade.ts';
import { scoreWords } from '../test/fixtures/images/score.ts';
import { readImages, closeOcr } from '../src/ingest/image.ts';
import { probeNativeTesseract } from '../src/ingest/ocr/native.ts';
import { OCR_WORKERS_ENV, defaultPoolSize } from '../src/ingest/ocr/pool.ts';
import type { OcrEngineName } from '../src/ingest/ocr/types.ts';

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

async function writePages(dir: string, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, async (_, i) => {
    const bill = renderBill(makeBillSpec(100 + i, 22), { dpi: 300 });
    // A 300 dpi office scan: slight blur and sensor noise, stored as PNG.
    writeFileSync(join(dir, `page-${i + 1}.png`), await degrade(bill.png, { blur: 0.5, noise: 5 }, i + 1));
    writeFileSync(join(dir, `page-${i + 1}.json`), JSON.stringify(bill.words));
  }));
}

/** One measurement in a fresh process, so the renderer and earlier runs do not count in its memory. */
async function measure(engine: OcrEngineName, workers: number, dir: string, count: number): Promise<Record<string, number>> {
  process.env[OCR_WORKERS_ENV] = String(workers);
  const pages = Array.from({ length: count }, (_, i) => ({
    fileName: `page-${i + 1}.png`,
    bytes: readFileSync(join(dir, `page-${i + 1}.png`)),
    words: JSON.parse(readFileSync(join(dir, `page-${i + 1}.json`), 'utf8')) as string[],
  }));
  // Warm-up page: starts the workers and loads the models (a long-running service pays this once).
  await readImages([pages[0]!], { engine });
  const rss = rssSampler();
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const docs = await Promise.all(pages.map((p) => readImages([p], { engine })));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  const peak = Math.max(rss.stop(), process.resourceUsage().maxRSS * 1024);
  const words = (i: number): string[] => docs[i]!.pages.flatMap((p) => p.lines.flatMap((l) => l.text.split(/\s+/).filter(Boolean)));
  const f1 = docs.reduce((s, _, i) => s + scoreWords(pages[i]!.words, words(i)).f1, 0) / docs.length;
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

if (process.argv[2] === '--child') {
  const [, , , engine, workers, dir, count] = process.argv;
  console.log(JSON.stringify(await measure(engine as OcrEngineName, Number(workers), dir!, Number(count))));
} else {
  const count = Number(process.argv[2] ?? 4);
  const dir = mkdtempSync(join(tmpdir(), 'mbg-ocr-bench-'));
  try {
    await writePages(dir, count);
    const native = await probeNativeTesseract();
    // taskset (util-linux) pins the one-worker runs to one core; without it they are not pinned.
    let oneCore = false;
    try { execFileSync('taskset', ['-c', '0', 'true']); oneCore = true; } catch { /* not Linux, or no taskset */ }
    const engines: OcrEngineName[] = native ? ['native', 'tesseractjs'] : ['tesseractjs'];
    const results: Record<string, unknown> = {};
    for (const engine of engines) {
      const child = (workers: number): Record<string, number | string> => {
        const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, String(workers), dir, String(count)];
        // One worker is measured on one core: the process and its tesseract children are pinned to CPU 0.
        const pinned = workers === 1 && oneCore;
        const out = pinned
          ? execFileSync('taskset', ['-c', '0', process.execPath, ...args], { encoding: 'utf8' })
          : execFileSync(process.execPath, args, { encoding: 'utf8' });
        return { ...JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>, cpus: pinned ? 'one core (taskset -c 0)' : `all ${availableParallelism()}` };
      };
      results[engine] = { one_worker: child(1), pool: child(Math.max(2, defaultPoolSize(engine, {}))) };
    }
    console.log(JSON.stringify({
      benchmark: 'ocr',
      page: { size: 'A4', dpi: 300, pixels: '2481x3508', items: 22, degradation: 'blur 0.5 px, noise σ 5', pages: count },
      machine: { cores: availableParallelism(), load_average_1m: round(loadavg()[0]!), node: process.version },
      native_tesseract: native?.version ?? null,
      targets: { native_seconds_per_page: 1.5, tesseractjs_seconds_per_page: 2.5, peak_rss_mb_two_workers: 600 },
      note: 'seconds are wall time per page, measured after a warm-up page; cpu_seconds include the native tesseract processes; peak RSS is this process plus its child processes',
      results,
    }, null, 1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Matcher benchmark (prints JSON): how fast the references load and index, and how often the
// fuzzy name index finds the right name for noisy bill wordings generated from the official
// names (typos, dropped words, abbreviations, reordered words), plus the calibration of the
// CGHS matcher's confidence on the same kind of noise.
//
//   node --import tsx bench/matcher.bench.ts [--queries 10000] [--seed 7]
import { BigramIndex, type IndexedText } from '../src/reference/index.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReferences } from '../src/reference/load.ts';
import { cghsMatcher, nameVariants, rankCghs } from '../src/reference/match-cghs.ts';
import { normalizerFor } from '../src/reference/match-shared.ts';
import { matchItem } from '../src/reference/match.ts';
import type { BillItem } from '../src/domain/bill.ts';
import type { CghsRow, NonPayableRow, NppaRow, OmRateRow, SynonymGroup } from '../src/reference/types.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const QUERIES = option('queries', 10_000);
const SEED = option('seed', 7);

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const cpuMs = (start: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// ---- 1. cold load and indexing (each probe is a fresh process) ------------------------------
const PROBE_LINES: Array<[string, BillItem['category']]> = [
  ['Complete Blood Count', 'investigation'], ['Paracetamol 500mg Tablet', 'drug'], ['Semi-Private Room Rent', 'room'], ['Registration Charges', 'administrative'],
];
const BILL_LINES: Array<[string, BillItem['category']]> = [
  ['Inpatient Consultation', 'consultation'], ['ECG', 'investigation'], ['Serum Sodium', 'investigation'], ['Uric Acid', 'investigation'], ['HbA1c', 'investigation'],
  ['Nerve Conduction Study', 'investigation'], ['USG Whole Abdomen', 'investigation'], ['Diclofenac 50mg Tablet', 'drug'], ['Normal Saline 0.9% 100ml', 'drug'],
  ['Bio-Medical Waste Charges', 'administrative'], ['ICU Charges', 'icu'], ['Probiotic Sachet', 'drug'], ['X-Ray Chest PA View', 'investigation'], ['Ondansetron 2mg/ml Injection (per ml)', 'drug'], ['Thyroid Profile (T3 T4 TSH)', 'investigation'],
];
const lineOf = (description: string, category: BillItem['category']): BillItem => ({
  index: 1, description, quantity: 2, unit_price: 50, amount: 100, date: '2025-05-06', category, page: 1, section: null, mrp: null, confidence: 1, repairs: [],
});

/** Runs in a child process: times the first use of the references, as a CLI start would. */
function probe(): void {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const refs = loadReferences();
  for (const [d, c] of PROBE_LINES) matchItem(lineOf(d, c), refs);
  const ready = { wall: performance.now() - wall0, cpu: cpuMs(cpu0) };
  const cpu1 = process.cpuUsage();
  const wall1 = performance.now();
  for (const [d, c] of [...BILL_LINES, ...BILL_LINES]) matchItem(lineOf(d, c), refs);
  process.stdout.write(JSON.stringify({ ready, bill: { wall: performance.now() - wall1, cpu: cpuMs(cpu1) } }));
}

function measureCold() {
  const cacheDir = mkdtempSync(join(tmpdir(), 'mbg-bench-cache-'));
  const run = () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--probe'], { env: { ...process.env, MEDBILLGUARD_CACHE_DIR: cacheDir }, encoding: 'utf8' });
    return JSON.parse(out.stdout) as { ready: { wall: number; cpu: number }; bill: { wall: number; cpu: number } };
  };
  const first = run();
  const cached = Array.from({ length: 5 }, run);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const summary = (pick: (r: ReturnType<typeof run>) => number) => ({ min: round(Math.min(...cached.map(pick))), median: round(median(cached.map(pick))) });
  const baseline = spawnSync(process.execPath, ['-e', 'const c=process.cpuUsage();const a=new Int32Array(1e5);let s=0;for(let r=0;r<100;r++)for(let i=0;i<1e5;i++){a[i]+=i&7;s+=a[i]}const u=process.cpuUsage(c);process.stdout.write(String((u.user+u.system)/1000))'], { encoding: 'utf8' });
  rmSync(cacheDir, { recursive: true, force: true });
  return {
    note: 'fresh processes; "ready" = loadReferences() + the first line of each kind (builds or reads every index); "bill" = 30 more lines',
    machine_10M_int_ops_cpu_ms: round(Number(baseline.stdout)),
    without_cache: { ready_ms: round(first.ready.wall), ready_cpu_ms: round(first.ready.cpu) },
    with_cache: { ready_ms: summary((r) => r.ready.wall), ready_cpu_ms: summary((r) => r.ready.cpu), bill_30_lines_ms: summary((r) => r.bill.wall), bill_30_lines_cpu_ms: summary((r) => r.bill.cpu) },
  };
}

// ---- 2. noisy queries -------------------------------------------------------------------------
const KEYBOARD = 'abcdefghijklmnopqrstuvwxyz';

function typo(word: string): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0: return word.slice(0, i) + word.slice(i + 1); // deletion
    case 1: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // transposition
    case 2: return word.slice(0, i) + pick([...KEYBOARD]) + word.slice(i + 1); // substitution
    default: return word.slice(0, i) + word[i] + word.slice(i); // doubled letter
  }
}

function abbreviate(name: string, synonyms: SynonymGroup[]): string | null {
  const lower = name.toLowerCase();
  const groups = synonyms.filter((g) => g.canonical.length > 3 && lower.includes(g.canonical) && g.variants.length > 0);
  if (groups.length > 0) {
    const g = pick(groups);
    return lower.replace(g.canonical, pick(g.variants));
  }
  const words = name.split(/\s+/);
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{7,}$/.test(w));
  if (long.length === 0) return null;
  const [w, i] = pick(long);
  words[i] = w.slice(0, 4 + Math.floor(random() * 2)) + '.';
  return words.join(' ');
}

const OPERATIONS = ['typo', 'drop', 'abbreviate', 'reorder'] as const;
type Operation = (typeof OPERATIONS)[number];

/**
 * A bill's version of an official name: one or two of a typo (a letter dropped, swapped,
 * changed or doubled), a dropped word (never the first word, which names the thing, nor a
 * number, which is its strength), an abbreviation (from the synonym table, else a long word
 * cut to 4–5 letters and a dot), two neighbouring words swapped.
 */
function noisy(name: string, synonyms: SynonymGroup[]): { text: string; ops: Operation[] } {
  let q = name;
  const ops: Operation[] = [];
  const count = 1 + Math.floor(random() * 2);
  for (let n = 0; n < count; n++) {
    const words = q.split(/\s+/).filter(Boolean);
    const op = pick(OPERATIONS);
    ops.push(op);
    switch (op) {
      case 'typo': {
        const i = Math.floor(random() * words.length);
        words[i] = typo(words[i]!);
        q = words.join(' ');
        break;
      }
      case 'drop': {
        const droppable = words.map((w, i) => i).filter((i) => i > 0 && !/\d/.test(words[i]!));
        if (words.length >= 3 && droppable.length > 0) { words.splice(pick(droppable), 1); q = words.join(' '); }
        break;
      }
      case 'abbreviate':
        q = abbreviate(q, synonyms) ?? q;
        break;
      default:
        if (words.length >= 2) {
          const i = Math.floor(random() * (words.length - 1));
          [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
          q = words.join(' ');
        }
    }
  }
  return { text: q, ops };
}

/** Every official name and wording, with the identity of the row it names (wordings of one row share it). */
function nameCorpus(refs: ReturnType<typeof loadReferences>): Array<{ name: string; id: string }> {
  const corpus = new Map<string, string>();
  const add = (name: string, id: string) => { if (name.trim() && !corpus.has(name)) corpus.set(name, id); };
  for (const ds of refs.datasets) {
    if (ds.kind === 'cghs') for (const r of ds.rows as CghsRow[]) add(r.name, `cghs:${ds.edition}:${r.alias_of ?? r.code}`);
    if (ds.kind === 'nppa') (ds.rows as NppaRow[]).forEach((r) => add(`${r.medicine} ${r.form_strength}`.trim(), `nppa:${r.medicine}|${r.form_strength}`));
    if (ds.kind === 'non-payable') for (const r of ds.rows as NonPayableRow[]) for (const w of [r.name, ...r.wordings]) add(w, `np:${r.id}`);
    if (ds.kind === 'cghs-om') for (const r of ds.rows as OmRateRow[]) for (const w of [r.name, ...r.wordings]) add(w, `om:${r.id}`);
  }
  return [...corpus].map(([name, id]) => ({ name, id }));
}

function measureIndex(refs: ReturnType<typeof loadReferences>) {
  const normalizer = normalizerFor(refs);
  const corpus = nameCorpus(refs);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const full = corpus.map((c) => normalizer.normalize(c.name).text);
  const docs: IndexedText[][] = corpus.map((c) => nameVariants(c.name).map((v) => ({ text: normalizer.normalize(v.text).text, weight: v.weight })));
  const index = new BigramIndex(docs);
  const build = { build_ms: round(performance.now() - wall0), build_cpu_ms: round(cpuMs(cpu0)) };
  const candidates = corpus.map((_, i) => i).filter((i) => full[i]!.length > 0);
  const queries = Array.from({ length: QUERIES }, () => {
    const i = pick(candidates);
    return { target: i, ...noisy(corpus[i]!.name, refs.synonyms()) };
  });
  // Right: the name found is the target's row (or reads exactly like the target).
  const right = (doc: number, target: number) => corpus[doc]!.id === corpus[target]!.id || full[doc] === full[target];
  const cpu1 = process.cpuUsage();
  const wall1 = performance.now();
  const normalized = queries.map((q) => normalizer.normalize(q.text).text);
  const normalizeCpu = cpuMs(cpu1);
  const cpu2 = process.cpuUsage();
  const hits = normalized.map((text) => index.search(text, { limit: 1 })[0]);
  const searchCpu = cpuMs(cpu2);
  const searchWall = performance.now() - wall1;
  let correct = 0;
  const byOp = new Map<Operation, { n: number; right: number }>(OPERATIONS.map((op) => [op, { n: 0, right: 0 }]));
  const misses: Array<{ name: string; query: string; found: string | null }> = [];
  queries.forEach((q, k) => {
    const hit = hits[k];
    const ok = !!hit && right(hit.doc, q.target);
    if (ok) correct++;
    else if (misses.length < 12) misses.push({ name: corpus[q.target]!.name, query: q.text, found: hit ? corpus[hit.doc]!.name : null });
    for (const op of new Set(q.ops)) { const b = byOp.get(op)!; b.n++; if (ok) b.right++; }
  });
  let selfRight = 0;
  full.forEach((text, i) => { const hit = index.search(text, { limit: 1 })[0]; if (hit && right(hit.doc, i)) selfRight++; });
  return {
    names: corpus.length,
    rows_named: new Set(corpus.map((c) => c.id)).size,
    queries: queries.length,
    ...build,
    top1_accuracy: round(correct / queries.length, 4),
    top1_accuracy_by_noise: Object.fromEntries([...byOp].map(([op, b]) => [op, round(b.right / b.n, 4)])),
    normalize_and_search_ms: round(searchWall),
    normalize_cpu_ms: round(normalizeCpu),
    search_cpu_ms: round(searchCpu),
    exact_name_top1: round(selfRight / full.length, 4),
    sample_misses: misses,
  };
}

// ---- 3. CGHS confidence calibration -----------------------------------------------------------
function measureCalibration(refs: ReturnType<typeof loadReferences>) {
  const ds = refs.cghs();
  if (!ds) return null;
  const normalizer = normalizerFor(refs);
  const m = cghsMatcher(ds, normalizer);
  const rateOf = (r: CghsRow) => `${r.non_nabh}/${r.nabh}`;
  const buckets = [0.6, 0.75, 0.85].map((threshold) => ({ threshold, matched: 0, right: 0 }));
  let top1 = 0;
  const n = Math.min(QUERIES, 5000);
  for (let k = 0; k < n; k++) {
    const target = pick(ds.rows);
    const top = rankCghs(m, normalizer.normalize(noisy(target.name, refs.synonyms()).text).tokens, null, 1)[0];
    const right = !!top && (top.row.code === target.code || (top.row.name === target.name && rateOf(top.row) === rateOf(target)) || (top.row.alias_of === target.code || target.alias_of === top.row.code));
    if (right) top1++;
    for (const b of buckets) if (top && top.confidence >= b.threshold) { b.matched++; if (right) b.right++; }
  }
  return {
    queries: n,
    top1_accuracy: round(top1 / n, 4),
    by_confidence: buckets.map((b) => ({ at_least: b.threshold, share_matched: round(b.matched / n, 4), precision: b.matched ? round(b.right / b.matched, 4) : null })),
  };
}

if (args.includes('--probe')) {
  probe();
} else {
  const cold = measureCold();
  const refs = loadReferences();
  const index = measureIndex(refs);
  const calibration = measureCalibration(refs);
  console.log(JSON.stringify({
    benchmark: 'matcher',
    node: process.version,
    seed: SEED,
    datasets: refs.list().map((d) => ({ source: d.source, edition: d.edition, rows: d.rows })),
    cold_start: cold,
    noisy_name_search: index,
    cghs_confidence: calibration,
  }, null, 2));
}

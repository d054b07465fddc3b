// `npm run bench`: in-process analysis time per bill (median and p95) for a 30-line text bill and
// a 3-page PDF, the CLI's cold start for one text bill beside a bare `node -e 0`, and the cost of
// one more text bill in the same CLI run — all measured in this one run, printed as JSON.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../src/analyze.ts';

const root = new URL('../', import.meta.url).pathname;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const CLI_ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 15);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, median_ms: +at(0.5).toFixed(2), p95_ms: +at(0.95).toFixed(2), min_ms: +s[0]!.toFixed(2) };
}

/** A realistic 30-line in-patient bill (room, visits, tests, drugs, a duplicate and a non-payable line). */
function thirtyLineBill(): string {
  const rows: Array<[string, string, number, number]> = [];
  const days = ['2025-04-01', '2025-04-02', '2025-04-03', '2025-04-04', '2025-04-05'];
  const tests = ['Complete Haemogram/CBC', 'Kidney Function Test', 'Liver Function Test', 'Serum Sodium', 'Serum Potassium', 'Blood Sugar Random', 'Electrocardiogram (ECG)', 'X-Ray Chest PA view', 'Ultrasound Whole Abdomen', 'Lipid Profile', 'TSH', 'HbA1c', 'Uric Acid', 'CRP'];
  days.forEach((d) => { rows.push([d, 'Semi-Private Room Rent', 1, 3000]); rows.push([d, 'Consultation- for Inpatients', 1, 350]); });
  tests.forEach((t, i) => rows.push([days[i % 5]!, t, 1, 100 + i * 37]));
  rows.push([days[1]!, 'Electrocardiogram (ECG)', 1, 137]);
  rows.push([days[0]!, 'Admission Kit', 1, 750]);
  rows.push([days[0]!, 'Paracetamol 500mg Tablet', 15, 1.1]);
  rows.push([days[1]!, 'Pantoprazole 40mg Injection', 3, 49]);
  rows.push([days[2]!, 'Ondansetron 2mg/ml Injection (per ml)', 4, 6]);
  rows.push([days[3]!, 'Atorvastatin 10mg Tablet', 10, 6]);
  const lines = ['CITY GENERAL HOSPITAL', 'Jaipur | NABH Accredited Hospital', 'FINAL BILL - IN PATIENT', '', 'Patient Name: Test Patient        Bill No: IP/2025/00001', 'Date of Admission: 2025-04-01   Date of Discharge: 2025-04-05   Ward: semi-private', '',
    'S.No  Date        Description                                    Qty         Rate        Amount'];
  let total = 0;
  rows.slice(0, 30).forEach(([d, desc, q, r], i) => {
    const amount = Math.round(q * r * 100) / 100;
    total += amount;
    lines.push(`${String(i + 1).padEnd(6)}${d}  ${desc.padEnd(45)}${String(q).padStart(5)}${r.toFixed(2).padStart(13)}${amount.toFixed(2).padStart(14)}`);
  });
  lines.push('', `Sub Total: ${total.toFixed(2)}`, `NET PAYABLE AMOUNT: ${total.toFixed(2)}`);
  return lines.join('\n') + '\n';
}

async function timeInProcess(bytes: Uint8Array, fileName: string): Promise<ReturnType<typeof stats> & { lines: number }> {
  const first = await analyze({ files: [{ bytes, fileName }] }); // warm-up (loads references, pdf.js)
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await analyze({ files: [{ bytes, fileName }] });
    samples.push(performance.now() - t);
  }
  return { ...stats(samples), lines: first.line_items.length };
}

function timeCommand(argv: string[], rounds = 1, env: NodeJS.ProcessEnv = process.env): number[] {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    samples.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.toString()}`);
  }
  return samples;
}

const dir = mkdtempSync(join(tmpdir(), 'mbg-bench-'));
const textBill = join(dir, 'thirty-lines.txt');
writeFileSync(textBill, thirtyLineBill());
const pdfFixture = join(root, 'test/fixtures/pdf/bill-3-pages.pdf');

const text = await timeInProcess(readFileSync(textBill), textBill);
const pdf = existsSync(pdfFixture) ? await timeInProcess(readFileSync(pdfFixture), pdfFixture) : null;

if (!existsSync(join(root, 'dist/cli/main.js')) || !existsSync(join(root, 'dist/cli.cjs'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
const bin = join(root, 'bin/medbillguard.js');
// Interleave the three commands round by round so machine noise hits them alike.
const bare: number[] = []; const one: number[] = []; const eleven: number[] = [];
const elevenArgs = [bin, 'analyze', ...Array(11).fill(textBill), '--format', 'json'];
// The first run after installing: an empty user cache folder each time, so only what
// `npm run build` left in dist/cache/ is there. Then one warm-up run fills the default cache.
const first: number[] = [];
for (let i = 0; i < 3; i++) {
  const empty = mkdtempSync(join(tmpdir(), 'mbg-bench-cache-'));
  first.push(...timeCommand([bin, 'analyze', textBill, '--format', 'json'], 1, { ...process.env, MEDBILLGUARD_CACHE_DIR: empty }));
}
timeCommand([bin, 'analyze', textBill, '--format', 'json']);
for (let i = 0; i < CLI_ROUNDS; i++) {
  bare.push(...timeCommand(['-e', '0']));
  one.push(...timeCommand([bin, 'analyze', textBill, '--format', 'json']));
  eleven.push(...timeCommand(elevenArgs));
}
const med = (s: number[]) => stats(s).median_ms;
const perExtraBill = (med(eleven) - med(one)) / 10;
console.log(JSON.stringify({
  machine: { node: process.version, cpus: (await import('node:os')).availableParallelism() },
  in_process: { text_30_lines: text, pdf_3_pages: pdf ?? 'test/fixtures/pdf/bill-3-pages.pdf missing' },
  cli: {
    bare_node_ms: stats(bare),
    analyze_one_text_bill_ms: stats(one),
    first_run_after_install_ms: stats(first),
    analyze_eleven_text_bills_ms: stats(eleven),
    cold_start_ratio_to_bare_node: +(med(one) / med(bare)).toFixed(2),
    extra_bill_ms: +perExtraBill.toFixed(2),
    extra_bill_ratio_to_bare_node: +(perExtraBill / med(bare)).toFixed(3),
  },
  targets: { cold_start_ratio_max: 3, extra_bill_ratio_max: 0.1 },
}, null, 2));

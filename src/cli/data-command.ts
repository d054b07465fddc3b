// `medbillguard data list|search|import|build`: see the reference datasets, look a rate up by
// hand, load a newer edition, rebuild the bundled datasets from the official sources.
import { parseArgs } from 'node:util';
import { UserError } from '../domain/errors.ts';
import { formatINR } from '../domain/money.ts';
import { clearReferenceCache, loadReferences } from '../reference/load.ts';
import { importDataset } from '../reference/import.ts';

export const DATA_USAGE = `Usage:
  medbillguard data list [--format json|table]
  medbillguard data search <words> [--source cghs|nppa|cghs-om|non-payable] [--limit N] [--format json|table]
  medbillguard data import <cghs|nppa> <file.csv|file.json> --edition YYYY-MM-DD [--effective-date YYYY-MM-DD] [--title T] [--reference OM-NUMBER]
  medbillguard data refresh               fetch the sources in MEDBILLGUARD_REFRESH_SOURCES (cached 6 h)
  medbillguard data build                 (from a clone with ../shared/data: regenerate data/ from the official sources)

Imported editions are written to MEDBILLGUARD_DATA_DIR (default: var/reference in the package) and
used for bills dated on or after their effective date.
`;

function usage(message: string): never {
  throw new UserError('BAD_USAGE', { detail: `${message}\n\n${DATA_USAGE}` });
}

function args(argv: string[], extra: Record<string, { type: 'string' }> = {}): { values: Record<string, string | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string' }, ...extra } });
    return { values: parsed.values as Record<string, string | undefined>, positionals: parsed.positionals };
  } catch (error) {
    usage((error as Error).message);
  }
}

function refs() {
  return loadReferences();
}

export async function runData(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const json = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  switch (sub) {
    case 'list': {
      const a = args(rest);
      const list = refs().list();
      if ((a.values.format ?? (process.stdout.isTTY ? 'table' : 'json')) === 'json') json(list);
      else for (const d of list) process.stdout.write(`${d.source.padEnd(14)} ${d.edition.padEnd(12)} in force from ${d.effective_date}  ${String(d.rows).padStart(5)} rows  ${d.origin}\n`);
      return 0;
    }
    case 'search': {
      const a = args(rest, { source: { type: 'string' }, limit: { type: 'string' } });
      const query = a.positionals.join(' ').trim();
      if (!query) usage('give the words to search for');
      const limit = a.values.limit === undefined ? 10 : Number(a.values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) usage('--limit must be a whole number from 1 to 100');
      const { searchReferences } = await import('../reference/search.ts');
      const hits = searchReferences(query, refs(), { ...(a.values.source ? { source: a.values.source } : {}), limit });
      if ((a.values.format ?? (process.stdout.isTTY ? 'table' : 'json')) === 'json') json(hits);
      else if (hits.length === 0) process.stdout.write(`no reference matches "${query}"\n`);
      else for (const h of hits) process.stdout.write(`${(h.source + (h.code ? ' ' + h.code : '')).padEnd(14)} ${h.name.slice(0, 60).padEnd(60)} ${describeRates(h as unknown as Record<string, unknown>)}  score ${h.score.toFixed(2)}\n`);
      return 0;
    }
    case 'import': {
      const a = args(rest, { edition: { type: 'string' }, 'effective-date': { type: 'string' }, title: { type: 'string' }, reference: { type: 'string' } });
      const [source, file] = a.positionals;
      if (!source || !file) usage('give the source and the file');
      const result = importDataset(source, file, {
        ...(a.values.edition ? { edition: a.values.edition } : {}),
        ...(a.values['effective-date'] ? { effectiveDate: a.values['effective-date'] } : {}),
        ...(a.values.title ? { title: a.values.title } : {}),
        ...(a.values.reference ? { reference: a.values.reference } : {}),
      });
      clearReferenceCache();
      json(result);
      return 0;
    }
    case 'refresh': {
      const a = args(rest, { force: { type: 'string' } });
      const { configuredSources, refreshOnce } = await import('../reference/refresh.ts');
      const sources = configuredSources();
      if (sources.length === 0) usage('no sources configured: set MEDBILLGUARD_REFRESH_SOURCES (see the README)');
      const outcomes = await refreshOnce(sources, { force: a.positionals.includes('--force') || a.values.force !== undefined });
      json(outcomes);
      return outcomes.some((o) => o.status === 'failed' || o.status === 'rejected') ? 1 : 0;
    }
    case 'build': {
      const { spawnSync } = await import('node:child_process');
      const script = new URL('../reference/build/cli.ts', import.meta.url).pathname.replace('/dist/', '/src/');
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...rest], { stdio: 'inherit' });
      return r.status ?? 1;
    }
    case undefined: case '--help': case '-h':
      process.stdout.write(DATA_USAGE);
      return sub === undefined ? 2 : 0;
    default:
      usage(`unknown data command "${sub}"`);
  }
}

function describeRates(h: Record<string, unknown>): string {
  const parts: string[] = [];
  const rates = { ...h, ...(typeof h.rates === 'object' && h.rates !== null ? (h.rates as Record<string, unknown>) : {}) };
  for (const key of ['non_nabh', 'nabh', 'ceiling_price', 'rate']) {
    const v = rates[key];
    if (typeof v === 'number') parts.push(`${key.replace('_', '-')} ${formatINR(v)}`);
  }
  if (typeof h.unit === 'string') parts.push(h.unit);
  return parts.join(' · ');
}

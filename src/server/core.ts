// The ONE place the service touches the analysis core. Everything the service needs from it:
// analyse a bill, list the reference datasets, search them. The service adds no analysis logic.
//
// The reference modules are loaded on first use, so `serve` starts without paying for them
// until a route or the readiness check asks.
import { analyze, type Analysis, type AnalyzeRequest } from '../analyze.ts';
import { loadReferences } from '../reference/load.ts';

export type { Analysis, AnalyzeRequest };

export interface DatasetInfo {
  source: string;
  edition: string;
  effective_date: string;
  rows: number;
  [key: string]: unknown;
}

export interface Core {
  analyze(req: AnalyzeRequest): Promise<Analysis>;
  /** The reference datasets loaded (as `medbillguard data list`); throws when none can be loaded. */
  listDatasets(): Promise<DatasetInfo[]>;
  /** As `medbillguard data search`. */
  searchReferences(query: string, options: { source?: string; limit?: number }): Promise<unknown[]>;
}

// Reference search is still being written: it is looked up by name at run time, so the service
// builds and starts before it exists (and answers 503 on the search route until it does).
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
async function optionalModule(relative: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(new URL(relative + EXT, import.meta.url).href)) as Record<string, unknown>;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(relative.replace(/^\.\.\//, ''))) return null;
    throw err;
  }
}

class CoreNotReady extends Error {
  constructor(what: string) {
    super(`${what} is not available in this build`);
    this.name = 'CoreNotReady';
  }
}

function fn<T>(mod: Record<string, unknown> | null, name: string): T | null {
  const f = mod?.[name];
  return typeof f === 'function' ? (f as T) : null;
}

/** Strips absolute paths from a dataset summary: the client needs the file's name, not this machine's layout. */
function publicDataset(d: Record<string, unknown>): DatasetInfo {
  const out: Record<string, unknown> = { ...d };
  if (typeof out.file === 'string') out.file = out.file.split(/[\\/]/).pop();
  return out as DatasetInfo;
}

export function defaultCore(): Core {
  let datasets: Promise<DatasetInfo[]> | null = null;
  return {
    analyze,
    listDatasets() {
      datasets ??= (async () => {
        const search = await optionalModule('../reference/search');
        const list = fn<() => unknown>(search, 'listDatasets');
        if (list) return ((await list()) as Record<string, unknown>[]).map(publicDataset);
        return loadReferences().list().map((d) => publicDataset({ ...d }));
      })();
      datasets.catch(() => { datasets = null; });
      return datasets;
    },
    async searchReferences(query, options) {
      const search = await optionalModule('../reference/search');
      const searchReferences = fn<(q: string, refs: unknown, o: unknown) => unknown>(search, 'searchReferences');
      if (!searchReferences) throw new CoreNotReady('reference search');
      return (await searchReferences(query, loadReferences(), options)) as unknown[];
    },
  };
}

export const isCoreNotReady = (err: unknown): boolean => err instanceof CoreNotReady;

// Every dataset builder, in build order. A builder reads its sources from `sourcesDir`, writes
// its dataset under data/ deterministically (same sources → same bytes) and returns its report.
import { runNppaBuilder } from './nppa.ts';
import { runCghsBuilder } from './cghs.ts';
import { runOm2023Builder } from './om2023.ts';
export interface BuildReport {
  output: string;
  rows_written: number;
  rows_skipped: number;
  skipped: Array<{ reason: string; count: number; examples?: string[] }>;
  warnings: string[];
}

export interface DatasetBuilder {
  name: string;
  run(sourcesDir: string): Promise<BuildReport>;
}

export const builders: DatasetBuilder[] = [
  { name: 'nppa', run: (sourcesDir) => runNppaBuilder(sourcesDir) },
  { name: 'cghs', run: (sourcesDir) => runCghsBuilder(sourcesDir) },
  { name: 'cghs-om-2023', run: (sourcesDir) => runOm2023Builder(sourcesDir) },
];

// `npm run data:build`: regenerates every dataset under data/ from the official sources in
// ../shared/data (or MEDBILLGUARD_SOURCES) and prints a JSON report per dataset.
import { builders } from './registry.ts';

const sourcesDir = process.env.MEDBILLGUARD_SOURCES ?? new URL('../../../../shared/data/', import.meta.url).pathname;
const only = process.argv.slice(2);
const reports = [];
let failed = false;
for (const builder of builders) {
  if (only.length && !only.includes(builder.name)) continue;
  try {
    reports.push({ dataset: builder.name, ...(await builder.run(sourcesDir)) });
  } catch (error) {
    failed = true;
    reports.push({ dataset: builder.name, error: error instanceof Error ? error.message : String(error) });
  }
}
console.log(JSON.stringify(reports, null, 2));
process.exit(failed ? 1 : 0);

// The reference data the analyses are benchmarked against, as `medbillguard data list|search`:
// the same loadReferences().list() and searchReferences() the CLI calls.
import type { z } from 'zod';
import type { Runtime } from '../runtime.ts';
import { DatasetList, errors, SearchQuery, SearchResult } from '../schemas.ts';
import type { App } from './types.ts';

export function referenceRoutes(app: App, rt: Runtime): void {
  app.get('/v1/reference/datasets', {
    schema: { tags: ['reference'], summary: 'Reference datasets loaded, with editions and provenance (as `medbillguard data list`)', response: { 200: DatasetList, ...errors(503) } },
  }, async () => ({ datasets: await rt.core.listDatasets() }));

  app.get('/v1/reference/search', {
    schema: { tags: ['reference'], summary: 'The reference rows nearest to a few words or a CGHS code (as `medbillguard data search`)', querystring: SearchQuery, response: { 200: SearchResult, ...errors(400, 503) } },
  }, async (request) => {
    const { q, source, limit, date } = request.query;
    const key = `ref-search:${source ?? '*'}:${date ?? 'latest'}:${limit}:${q.toLowerCase()}`;
    const cached = await rt.cache.get(key);
    if (cached) return { query: q, results: JSON.parse(cached) as z.infer<typeof SearchResult>['results'] };
    const results = await rt.core.searchReferences(q, { ...(source ? { source } : {}), ...(date ? { date } : {}), limit });
    await rt.cache.set(key, JSON.stringify(results), rt.config.cache.referenceTtlSeconds);
    return { query: q, results };
  });
}

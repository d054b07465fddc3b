// The reference data the analyses are benchmarked against, as `medbillguard data list|search`.
import type { Runtime } from '../runtime.ts';
import { DatasetList, errors, SearchQuery, SearchResult } from '../schemas.ts';
import type { App } from './types.ts';

export function referenceRoutes(app: App, rt: Runtime): void {
  app.get('/v1/reference/datasets', {
    schema: { tags: ['reference'], summary: 'Reference datasets loaded, with editions and provenance', response: { 200: DatasetList, ...errors(503) } },
  }, async () => ({ datasets: await rt.core.listDatasets() }));

  app.get('/v1/reference/search', {
    schema: { tags: ['reference'], summary: 'Search the reference datasets by name', querystring: SearchQuery, response: { 200: SearchResult, ...errors(400, 503) } },
  }, async (request) => {
    const { q, source, limit } = request.query;
    const key = `ref-search:${source ?? '*'}:${limit}:${q.toLowerCase()}`;
    const cached = await rt.cache.get(key);
    if (cached) return { query: q, results: JSON.parse(cached) as unknown[] };
    const results = await rt.core.searchReferences(q, { ...(source ? { source } : {}), limit });
    await rt.cache.set(key, JSON.stringify(results), rt.config.cache.referenceTtlSeconds);
    return { query: q, results };
  });
}

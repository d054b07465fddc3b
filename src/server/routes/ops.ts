// Health, metrics and the analysers: for load balancers, Prometheus and dashboards.
import { AGENTS } from '../agents.ts';
import { components, overall, readinessProblems } from '../health.ts';
import type { Runtime } from '../runtime.ts';
import { Agents, Health, Liveness, MetricsSummary, Readiness } from '../schemas.ts';
import type { App } from './types.ts';

const noLimit = { rateLimit: false } as const;

export function opsRoutes(app: App, rt: Runtime, state: { draining: boolean; version: string }): void {
  const uptime = () => Math.round((Date.now() - rt.startedAt) / 100) / 10;

  app.get('/health/liveness', { config: noLimit, schema: { tags: ['health'], summary: 'The process runs', response: { 200: Liveness } } }, async () => ({ status: 'alive' as const }));

  app.get('/health/readiness', {
    config: noLimit,
    schema: { tags: ['health'], summary: 'Ready for traffic: database migrated and reachable, reference data loaded, Redis answering (when configured)', response: { 200: Readiness, 503: Readiness } },
  }, async (_request, reply) => {
    const reasons = await readinessProblems(rt, state.draining);
    return reasons.length ? reply.code(503).send({ status: 'not_ready', reasons }) : { status: 'ready' as const };
  });

  app.get('/health', {
    config: noLimit,
    schema: { tags: ['health'], summary: 'Each component with its status', response: { 200: Health, 503: Health } },
  }, async (_request, reply) => {
    const c = await components(rt);
    const status = state.draining ? 'unhealthy' : overall(c);
    return reply.code(status === 'unhealthy' ? 503 : 200).send({ status, version: state.version, uptime_seconds: uptime(), components: c });
  });

  app.get('/metrics', { config: noLimit, schema: { tags: ['metrics'], summary: 'Prometheus text format', produces: ['text/plain'] } }, async (_request, reply) => {
    const text = await rt.metrics.text();
    return reply.type(rt.metrics.registry.contentType).send(text);
  });

  app.get('/metrics/summary', {
    config: noLimit,
    schema: { tags: ['metrics'], summary: 'Counts from the stored analyses and the queue', response: { 200: MetricsSummary } },
  }, async () => {
    const [stats, depth] = await Promise.all([rt.analyses.stats(), rt.queue.depth().catch(() => null)]);
    return {
      analyses_total: stats.total,
      by_verdict: stats.byVerdict,
      latency_ms: stats.latencyMs,
      average_confidence: stats.averageConfidence,
      queue_depth: depth,
      uptime_seconds: uptime(),
    };
  });

  app.get('/agents', {
    config: noLimit,
    schema: { tags: ['metrics'], summary: 'The analysers (one per document type), what they check, and their counts', response: { 200: Agents } },
  }, async () => {
    const counts = await rt.analyses.countsByDocumentType();
    // Analyses in progress in the whole service (every web worker of a cluster).
    const active = Number(/^active_agents_count (\S+)$/m.exec(await rt.metrics.text())?.[1] ?? 0);
    return {
      active_agents_count: active,
      agents: AGENTS.map((a) => {
        const byVerdict = counts[a.document_type] ?? {};
        return { ...a, analyses_total: Object.values(byVerdict).reduce((s, n) => s + n, 0), by_verdict: byVerdict };
      }),
    };
  });
}

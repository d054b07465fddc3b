// Prometheus metrics. The seed's names are kept so its dashboards keep working:
// medical_analysis_total{verdict,agent_id}, medical_analysis_duration_seconds{agent_id},
// active_agents_count. HTTP metrics are labelled by route template, never by raw path.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Analysis } from '../domain/analysis.ts';
import { askPrimary, inCluster, shareMetrics } from './cluster.ts';

export interface Metrics {
  /** This process's metrics. */
  readonly registry: Registry;
  /** The Prometheus text of the whole service: this process's, or in a cluster every web worker's summed by the primary. */
  text(): Promise<string>;
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  analysisStarted(): void;
  analysisFinished(analysis: Analysis | null, seconds: number, agentId: string): void;
  analysisFailed(kind: 'user' | 'internal'): void;
  jobOutcome(outcome: 'done' | 'failed' | 'retried'): void;
  setQueueDepthSource(depth: () => Promise<number>): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'medbillguard_' });
  if (inCluster()) shareMetrics(registry).catch((err: unknown) => { process.emitWarning(`metrics not shared with the cluster: ${(err as Error).message}`); });

  const httpTotal = new Counter({ name: 'http_requests_total', help: 'HTTP requests by method, route template and status', labelNames: ['method', 'route', 'status_code'], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status_code'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  const analysisTotal = new Counter({ name: 'medical_analysis_total', help: 'Analyses run, by verdict and analyser (agent_id = document type)', labelNames: ['verdict', 'agent_id'], registers: [registry] });
  const analysisDuration = new Histogram({
    name: 'medical_analysis_duration_seconds', help: 'Time to analyse one bill, by analyser', labelNames: ['agent_id'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry],
  });
  const active = new Gauge({ name: 'active_agents_count', help: 'Analyses in progress in this process', registers: [registry] });
  const analysisErrors = new Counter({ name: 'medbillguard_analysis_errors_total', help: 'Analyses that failed: user = unreadable input, internal = a bug', labelNames: ['kind'], registers: [registry] });
  const ocrPages = new Counter({ name: 'medbillguard_ocr_pages_total', help: 'Pages read by OCR', registers: [registry] });
  const jobs = new Counter({ name: 'medbillguard_jobs_total', help: 'Batch jobs by outcome', labelNames: ['outcome'], registers: [registry] });
  let depthSource: (() => Promise<number>) | null = null;
  new Gauge({
    // Every process reads the same queue: in a cluster the workers' values are one value, not a sum.
    name: 'medbillguard_queue_depth', help: 'Batch items queued or running', registers: [registry], aggregator: 'max',
    async collect() {
      if (!depthSource) return;
      try { this.set(await depthSource()); } catch { /* the store is down: keep the last value */ }
    },
  });

  return {
    registry,
    async text() {
      if (!inCluster()) return registry.metrics();
      return askPrimary<string>('metrics');
    },
    httpRequest(method, route, status, seconds) {
      const labels = { method, route, status_code: String(status) };
      httpTotal.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    analysisStarted() { active.inc(); },
    analysisFinished(analysis, seconds, agentId) {
      active.dec();
      if (!analysis) return;
      analysisTotal.inc({ verdict: analysis.verdict, agent_id: agentId });
      analysisDuration.observe({ agent_id: agentId }, seconds);
      if (analysis.document.source === 'ocr') ocrPages.inc(analysis.document.pages);
    },
    analysisFailed(kind) { analysisErrors.inc({ kind }); },
    jobOutcome(outcome) { jobs.inc({ outcome }); },
    setQueueDepthSource(depth) { depthSource = depth; },
  };
}

// HTTP load against published ports: answers, errors and latency per target and interval. The
// http.load step measures every request; a report rebuilt from metrics.lp has only the intervals,
// so its p99 there is the worst interval's (an upper bound; the step's exact figure wins).
import { numberField } from '../fold-kit.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin, MetricsSummary } from '../plugin.js';

export const http: MeasurementPlugin = {
  name: 'http',
  description: 'HTTP load results per target and interval',
  producedBy: 'the http.load step',
  points: [
    {
      measurement: Measurement.http,
      every: 'one per target and interval of an http.load step',
      tags: '`target`, `mode` (ingress/host)',
      fields: '`requests`, `errors` (int), `p50_ms`, `p90_ms`, `p99_ms` (float), `replicas_seen` (int)',
    },
  ],
  metrics: [
    {
      name: 'http.success_ratio',
      unit: 'ratio',
      better: 'bigger',
      gate: true,
      description: 'HTTP answers 2xx / requests',
    },
    { name: 'http.requests', unit: 'count', better: 'bigger', gate: true, description: 'HTTP requests sent' },
    { name: 'http.requests_per_second', unit: 'per_s', better: 'bigger', gate: true, description: 'HTTP throughput' },
    {
      name: 'http.latency',
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'HTTP request latency',
    },
    {
      name: 'http.replicas_seen',
      unit: 'count',
      better: 'bigger',
      gate: true,
      description: 'distinct replicas that answered',
    },
    {
      name: 'http.replica_imbalance',
      unit: 'ratio',
      better: 'smaller',
      gate: true,
      description: 'answers of the busiest replica / mean answers per replica (1 = even)',
    },
  ],
  fold() {
    let requests = 0;
    let errors = 0;
    let intervals = 0;
    let worstP99: number | undefined;
    return {
      observe(p) {
        intervals++;
        requests += numberField(p, 'requests') ?? 0;
        errors += numberField(p, 'errors') ?? 0;
        const p99 = numberField(p, 'p99_ms');
        if (p99 !== undefined) worstP99 = Math.max(worstP99 ?? p99, p99);
      },
      build(): MetricsSummary {
        const out: MetricsSummary = {};
        if (intervals === 0) return out;
        out['http.requests'] = requests;
        if (requests > 0) out['http.success_ratio'] = (requests - errors) / requests;
        if (worstP99 !== undefined) out['http.latency.p99'] = worstP99;
        return out;
      },
    };
  },
  charts: [
    {
      id: 'http',
      order: 70,
      title: 'HTTP answers',
      caption:
        'For each target of each http.load step: latency p50, p90 and p99 (bars, left) and the share of requests that failed (line, right).',
      missing: 'no http points were recorded',
      build: async (a) => (await import('../charts/http.js')).httpChart(a),
      optional: true,
    },
  ],
};

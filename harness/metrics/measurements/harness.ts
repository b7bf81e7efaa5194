// The harness process itself: a harness whose event loop runs late measures late.
import { harnessCollector } from '../collectors/index.js';
import { stepAt } from '../analysis.js';
import { fieldDistributions, numberField } from '../fold-kit.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const harness: MeasurementPlugin = {
  name: 'harness',
  description: "the harness process's CPU, memory and event-loop lag",
  producedBy: 'the harness collector',
  collector: harnessCollector,
  points: [
    {
      measurement: Measurement.harness,
      every: '1 s',
      tags: '',
      fields:
        '`cpu_percent` (float, the harness process, user+system), `rss_bytes` (int), `event_loop_lag_ms` (float, worst lag in the last second)',
    },
  ],
  metrics: [
    {
      name: 'harness.cpu_percent',
      shape: 'distribution',
      unit: 'percent',
      better: 'smaller',
      description: "the harness's own CPU, % of one core",
    },
    {
      name: 'harness.event_loop_lag',
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      description: "how late the harness's event loop ran (worst per second)",
    },
  ],
  fold: () =>
    fieldDistributions((p) => [
      { name: 'harness.cpu_percent', value: numberField(p, 'cpu_percent') },
      { name: 'harness.event_loop_lag', value: numberField(p, 'event_loop_lag_ms') },
    ]),
  distributions: (a) => [
    {
      name: 'harness.cpu_percent',
      unit: 'percent',
      rows: a.harnessCpu.map((h) => ({ step: stepAt(a, h.timeMs), value: h.cpuPercent })),
    },
  ],
};

// CPU and memory of the node containers (their engines), by role.
import { resourceCollector } from '../collectors/index.js';
import { stepAt } from '../analysis.js';
import { fieldDistributions, numberField } from '../fold-kit.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

const role = (p: { tags: Record<string, string> }) => (p.tags.role === 'manager' ? 'manager' : 'worker');

export const nodeResources: MeasurementPlugin = {
  name: 'node_resources',
  description:
    "CPU and memory of each node container: the node's own engine, without its tasks (see *How each figure is taken*)",
  producedBy: 'the resources collector',
  collector: resourceCollector,
  points: [
    {
      measurement: Measurement.nodeResources,
      every: '1 s local, 5 s remote',
      tags: '`node` (container name), `role` (manager/worker), `host` (outer host)',
      fields: '`cpu_percent` (float, % of one core), `mem_bytes` (int)',
    },
  ],
  metrics: [
    {
      name: 'manager.cpu_percent',
      shape: 'distribution',
      unit: 'percent',
      better: 'smaller',
      description: 'CPU of manager node containers, % of one core, every sample of every manager',
    },
    {
      name: 'worker.cpu_percent',
      shape: 'distribution',
      unit: 'percent',
      better: 'smaller',
      description: 'CPU of worker node containers, % of one core, every sample of every worker',
    },
    {
      name: 'manager.mem_bytes',
      shape: 'distribution',
      unit: 'bytes',
      better: 'smaller',
      description: 'memory of manager node containers, every sample',
    },
    {
      name: 'worker.mem_bytes',
      shape: 'distribution',
      unit: 'bytes',
      better: 'smaller',
      description: 'memory of worker node containers, every sample',
    },
  ],
  fold: () =>
    fieldDistributions((p) => [
      { name: `${role(p)}.cpu_percent`, value: numberField(p, 'cpu_percent') },
      { name: `${role(p)}.mem_bytes`, value: numberField(p, 'mem_bytes') },
    ]),
  charts: [
    {
      id: 'cpu',
      order: 60,
      title: 'CPU of managers and workers',
      caption:
        'CPU of the node containers in % of one core: mean over the nodes of each role (solid) and the busiest node (dashed).',
      missing: 'no node_resources points were recorded',
      build: async (a) => (await import('../charts/cpu.js')).cpuChart(a),
    },
  ],
  // CPU: the mean over the nodes of a role in each sample interval.
  distributions: (a) => [
    {
      name: 'manager.cpu_percent',
      unit: 'percent',
      rows: a.cpu.manager.map((c) => ({ step: stepAt(a, c.timeMs), value: c.mean })),
    },
    {
      name: 'worker.cpu_percent',
      unit: 'percent',
      rows: a.cpu.worker.map((c) => ({ step: stepAt(a, c.timeMs), value: c.mean })),
    },
  ],
};

// The machine the harness runs on: CPU of all its cores and memory available, every second.
import { hostCollector } from '../collectors/index.js';
import { numberField, putStats, RunAndSteps } from '../fold-kit.js';
import { Measurement } from '../measurements.js';
import { summarize } from '../percentiles.js';
import type { Fold, MeasurementPlugin, MetricsSummary } from '../plugin.js';

function fold(): Fold {
  const cpu = new RunAndSteps<number[]>(() => []);
  let cores: number | undefined;
  return {
    observe(p) {
      cores = numberField(p, 'cores') ?? cores;
      const v = numberField(p, 'cpu_percent');
      if (v !== undefined) cpu.add(p, (list) => list.push(v));
    },
    build({ windows }): MetricsSummary {
      const out: MetricsSummary = {};
      putStats(out, 'host.cpu_percent', summarize(cpu.run));
      if (cores !== undefined) out['host.cores'] = cores;
      for (const { prefix, value } of cpu.inWindows(windows))
        putStats(out, `${prefix}host.cpu_percent`, summarize(value));
      return out;
    },
  };
}

export const host: MeasurementPlugin = {
  name: 'host',
  description: 'the whole machine the harness runs on: every core, every process (engines, nodes, tasks, the harness)',
  producedBy: 'the host collector (/proc/stat, /proc/meminfo)',
  collector: hostCollector,
  points: [
    {
      measurement: Measurement.host,
      every: '1 s',
      tags: '',
      fields:
        '`cpu_percent` (float, % of one core summed over cores: 200 = two cores busy), `cores`, `mem_available_bytes`, `mem_total_bytes` (int)',
    },
  ],
  metrics: [
    {
      name: 'host.cpu_percent',
      shape: 'distribution',
      unit: 'percent',
      better: 'smaller',
      perStep: true,
      description: "the machine's CPU over all its cores, % of one core (200 = two cores busy), every second",
    },
    { name: 'host.cores', unit: 'count', better: 'bigger', description: 'cores of the machine the harness runs on' },
  ],
  fold,
};

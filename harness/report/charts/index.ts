// Every chart of a report, in reading order, rendered to PNG (or marked missing with a reason).
import type { ChartConfiguration } from 'chart.js';
import type { Analysis } from '../analysis.js';
import { chaosChart, chaosChartHeight } from './chaos.js';
import type { ChartImage } from './common.js';
import { convergenceChart } from './convergence.js';
import { cpuChart } from './cpu.js';
import { httpChart } from './http.js';
import { latencyCdfChart, latencyHistogramChart } from './latency.js';
import { nodeStatesChart } from './node-states.js';
import { renderPng } from './render.js';
import { schedRateChart } from './sched-rate.js';

export type { ChartImage } from './common.js';

interface ChartSpec {
  id: string;
  title: string;
  caption: string;
  missing: string;
  build(a: Analysis): ChartConfiguration | undefined;
  height?(a: Analysis): number;
  /** Left out entirely when there is no data (a chaos chart in a run without chaos). */
  optional?: boolean;
}

const SPECS: ChartSpec[] = [
  {
    id: 'convergence',
    title: 'Service convergence',
    caption: 'Running tasks (solid) against desired tasks (dashed) per service; vertical lines are the scenario’s marks.',
    missing: 'no swarm_service points were recorded',
    build: convergenceChart,
  },
  {
    id: 'sched-rate',
    title: 'Scheduling rate',
    caption: 'Tasks that reached running in each second, over all services.',
    missing: 'no swarm_sched or swarm_task_status points were recorded',
    build: schedRateChart,
  },
  {
    id: 'latency-histogram',
    title: 'Task start-up latency',
    caption: 'How long tasks took from created to running (the swarm’s own timestamps), with p50, p90 and p99.',
    missing: 'no swarm_task_status points were recorded',
    build: latencyHistogramChart,
  },
  {
    id: 'latency-cdf',
    title: 'Task start-up latency (CDF)',
    caption: 'Share of tasks running within a given latency; read p50/p90/p99 where the curve crosses 50/90/99 %.',
    missing: 'no swarm_task_status points were recorded',
    build: latencyCdfChart,
  },
  {
    id: 'node-states',
    title: 'Node states',
    caption: 'Nodes the managers report Ready, Down and Unknown, stacked; dotted gold lines are leader changes.',
    missing: 'no swarm_node points were recorded',
    build: nodeStatesChart,
  },
  {
    id: 'cpu',
    title: 'CPU of managers and workers',
    caption: 'CPU of the node containers in % of one core: mean over the nodes of each role (solid) and the busiest node (dashed).',
    missing: 'no node_resources points were recorded',
    build: cpuChart,
  },
  {
    id: 'http',
    title: 'HTTP answers',
    caption: 'For each target of each http.load step: latency p50, p90 and p99 (bars, left) and the share of requests that failed (line, right).',
    missing: 'no http points were recorded',
    build: httpChart,
    optional: true,
  },
  {
    id: 'chaos',
    title: 'Chaos timeline',
    caption: 'For each chaos action: time until the node was marked Down, until its tasks were rescheduled, and until the service converged again.',
    missing: 'no chaos points were recorded',
    build: chaosChart,
    height: (a) => chaosChartHeight(a.chaos.length),
    optional: true,
  },
];

/** Renders the charts one after another (canvas rendering is CPU-bound; parallelism buys nothing).
 *  A chart that fails to render (canvas's native module missing, say) becomes a note on the page:
 *  summary.json, junit.xml and bench.json must still be written for the nightly job. */
export async function renderCharts(a: Analysis, onError: (message: string) => void = () => undefined): Promise<ChartImage[]> {
  const out: ChartImage[] = [];
  for (const spec of SPECS) {
    const config = spec.build(a);
    const base = { id: spec.id, title: spec.title, caption: spec.caption };
    if (!config) {
      if (!spec.optional) out.push({ ...base, missing: spec.missing });
      continue;
    }
    try {
      out.push({ ...base, png: await renderPng(config, { height: spec.height?.(a) }) });
    } catch (err) {
      const message = `the chart could not be rendered (${(err as Error).message.split('\n')[0]})`;
      onError(`${spec.title}: ${message}`);
      out.push({ ...base, missing: message });
    }
  }
  return out;
}

// The knee in one sentence, for the run's last line and the report's headline: "the swarm held
// 4,000 tasks and broke at 5,000: scale.tasks_per_second 0.8 /s under the SLO's 1 /s (−20 %);
// the host was the limit (host-bound)".
import { formatValue } from '../report/format.js';
import type { Breach, Knee } from './knee.js';

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(Math.round(x * 1000) / 10)} %`;

/** "scale.tasks_per_second 0.8 /s under the SLO's 1 /s (−20 %)" */
export function describeBreach(b: Breach): string {
  const bound = formatValue(b.bound, b.unit);
  if (b.value === null) return `${b.metric} had no data (SLO ${b.op} ${bound})`;
  const value = formatValue(b.value, b.unit);
  const side = b.value < b.bound ? 'under' : b.value > b.bound ? 'over' : 'at';
  const by = b.by === null ? '' : ` (${pct(b.by)})`;
  return `${b.metric} ${value} ${side} the SLO's ${bound}${by}`;
}

/** Who set the limit, by the validity verdict at the knee. */
export function describeLimit(verdict: string | undefined): string {
  switch (verdict) {
    case 'valid':
      return 'the swarm was the limit (valid)';
    case 'host-bound':
      return 'the host was the limit (host-bound)';
    case 'harness-bound':
      return 'the harness was the limit (harness-bound)';
    case 'simulator-bound':
      return 'the hollow-worker simulator was the limit (simulator-bound)';
    default:
      return 'whether the swarm was the limit is unknown (no validity verdict)';
  }
}

/** The knee in one sentence. `noun` names the dimension's unit ("tasks"); the param by default. */
export function describeKnee(k: Knee, noun: string = k.param): string {
  const { lastGood: good, firstBad: bad } = k;
  const held = good ? `the swarm held ${n(good.size)} ${noun}` : '';
  const limit = describeLimit(k.verdict);
  switch (k.reason) {
    case 'slo-broke': {
      // The SLOs that broke, and a step that failed there (a service that never converged).
      const step = bad?.failed === undefined ? [] : [`a step failed: ${bad.failed}`];
      const why = [...k.broke.map(describeBreach), ...step].join('; ');
      const start = good
        ? `${held} and broke at ${n(bad!.size)}`
        : `the swarm broke already at the first size, ${n(bad!.size)} ${noun} (lower search.from to find the knee)`;
      const cut = k.refineStopped ? `; refining stopped early (${stopText(k, k.refineStopped)})` : '';
      return `${start}: ${why}; ${limit}${cut}`;
    }
    case 'max-reached':
      return `the swarm held every size up to the search's max, ${n(good!.size)} ${noun}, without breaking an SLO; raise search.max to find the knee (${k.verdict ?? 'unknown'} at the max)`;
    case 'guard-memory':
    case 'guard-budget':
    case 'error': {
      const before = good ? `; ${held} (${good.verdict}) before that` : '; no size held before that';
      return `the search stopped before any SLO broke: ${stopText(k, k.reason)}${before}`;
    }
  }
}

function stopText(k: Knee, why: 'guard-memory' | 'guard-budget' | 'error'): string {
  const last = k.probes[k.probes.length - 1];
  const at = last ? ` at ${n(last.size)}` : '';
  switch (why) {
    case 'guard-memory':
      return `host memory ${Math.round((k.guard?.used ?? 0) * 100)} % used${at}, over the guard's ${Math.round((k.guard?.limit ?? 0) * 100)} %`;
    case 'guard-budget':
      return `${formatValue(k.guard?.used ?? 0, 'ms')} spent of the ${formatValue(k.guard?.limit ?? 0, 'ms')} budget, too little left for another probe`;
    case 'error':
      return `the probe${at} failed: ${k.error ?? 'unknown error'}`;
  }
}

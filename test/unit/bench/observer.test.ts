import { describe, expect, it } from 'vitest';
import { observedConvergence, parseSamples, stepAgreement } from '../../../bench/observer/observer.js';

const ns = (ms: number) => `${ms}000000`;
const TEXT = [
  `T ${ns(1000)}`,
  'top 10/10',
  'other 1/1',
  `T ${ns(1500)}`,
  'top 10/10', // request at 1600 not yet seen
  `T ${ns(2000)}`,
  'top 12/20',
  `T ${ns(2500)}`,
  'top 20/20',
  `T ${ns(3000)}`,
  'top 20/20',
  `T ${ns(3500)}`, // cut off: no lines
].join('\n');

describe('the independent observer', () => {
  const samples = parseSamples(TEXT);

  it('parses samples with their times and replica counts', () => {
    expect(samples).toHaveLength(5);
    expect(samples[0]!.ms).toBe(1000);
    expect(samples[0]!.replicas.get('top')).toEqual([10, 10]);
    expect(samples[2]!.replicas.get('top')).toEqual([12, 20]);
  });

  it('sees convergence at the first sample with the new desired count all running', () => {
    expect(observedConvergence(samples, 'top', 1600)).toEqual({ ms: 2500, desired: 20 });
    // a request after the last change never converges in these samples
    expect(observedConvergence(samples, 'top', 2600)).toBeUndefined();
  });

  it('counts a step converged when a next step raised the desired count before a look saw it', () => {
    const raced = parseSamples(
      [`T ${ns(0)}`, 'top 10/10', `T ${ns(900)}`, 'top 14/20', `T ${ns(1800)}`, 'top 20/30', `T ${ns(2700)}`].join(
        '\n',
      ),
    );
    expect(observedConvergence(raced, 'top', 100)).toEqual({ ms: 1800, desired: 20 });
  });

  it('agrees within 5 % or 1 s, whichever is larger', () => {
    const ok = stepAgreement(samples, 'top', { name: 'ramp#1', requestedMs: 1600, convergeMs: 700 });
    expect(ok).toMatchObject({ observerMs: 900, diffMs: 200, toleranceMs: 1000, agrees: true });
    const off = stepAgreement(samples, 'top', { name: 'ramp#1', requestedMs: 1600, convergeMs: 40_000 });
    expect(off.toleranceMs).toBe(2000);
    expect(off.agrees).toBe(false);
    expect(stepAgreement(samples, 'top', { name: 'x', requestedMs: 2600, convergeMs: 5 }).agrees).toBe(false);
  });
});

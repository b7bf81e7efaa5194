import { describe, expect, it } from 'vitest';
import { checkUpOptions, defaultManagers } from '../../../harness/cluster/options.js';
import { checkClusterName } from '../../../harness/cluster/names.js';
import { BadInputError } from '../../../harness/errors.js';

describe('up options', () => {
  it('one manager below 10 nodes, three from 10', () => {
    expect(defaultManagers(3)).toBe(1);
    expect(defaultManagers(9)).toBe(1);
    expect(defaultManagers(10)).toBe(3);
    expect(checkUpOptions({ nodes: 20 }).managers).toBe(3);
    expect(checkUpOptions({ nodes: 1 }).managers).toBe(1);
  });

  it('paced to the host by default (no fixed concurrency), three boots per node, every node needed', () => {
    const o = checkUpOptions({ nodes: 5 });
    expect(o).toMatchObject({
      cluster: 'swarmbench',
      routingMesh: false,
      rmOnFail: false,
      bootAttempts: 3,
      minReady: 5,
    });
    expect(o.startConcurrency).toBeUndefined();
    expect(o.joinConcurrency).toBeUndefined();
    expect(o.images.node).toBe('swarmbench/node:latest');
    expect(checkUpOptions({ nodes: 5, startConcurrency: 4 }).startConcurrency).toBe(4);
  });

  it('--min-ready takes a count or a percentage of --nodes (rounded up)', () => {
    expect(checkUpOptions({ nodes: 100, minReady: '90%' }).minReady).toBe(90);
    expect(checkUpOptions({ nodes: 7, minReady: '50%' }).minReady).toBe(4);
    expect(checkUpOptions({ nodes: 100, minReady: '95' }).minReady).toBe(95);
    expect(checkUpOptions({ nodes: 100, minReady: 100 }).minReady).toBe(100);
  });

  it.each([
    [{ nodes: 0 }, /at least 1/],
    [{ nodes: 2.5 }, /whole number/],
    [{ nodes: 5, managers: 2 }, /1, 3 or 5/],
    [{ nodes: 2, managers: 3 }, /more than --nodes/],
    [{ nodes: 5, subnet: '10.1.0.0' }, /CIDR/],
    [{ nodes: 5, cluster: 'Bad_Name' }, /not usable/],
    [{ nodes: 5, startConcurrency: 0 }, /startConcurrency/],
    [{ nodes: 5, bootAttempts: 0 }, /bootAttempts/],
    [{ nodes: 5, minReady: '6' }, /more than --nodes 5/],
    [{ nodes: 5, minReady: '150%' }, /percentage/],
    [{ nodes: 5, minReady: 'most' }, /percentage/],
    [{ nodes: 5, minReady: '2.5' }, /whole number/],
  ])('refuses %j before any Docker call', (opts, message) => {
    expect(() => checkUpOptions(opts)).toThrow(BadInputError);
    expect(() => checkUpOptions(opts)).toThrow(message);
  });

  it('cluster names are short, lower-case, DNS-safe', () => {
    expect(checkClusterName('t-cl-life')).toBe('t-cl-life');
    expect(() => checkClusterName('-x')).toThrow(BadInputError);
    expect(() => checkClusterName('a'.repeat(31))).toThrow(BadInputError);
  });
});

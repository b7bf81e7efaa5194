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

  it('bounded concurrency by default (8 starts, 8 joins)', () => {
    const o = checkUpOptions({ nodes: 5 });
    expect(o).toMatchObject({ startConcurrency: 8, joinConcurrency: 8, cluster: 'swarmbench', routingMesh: false, rmOnFail: false });
    expect(o.images.node).toBe('swarmbench/node:latest');
  });

  it.each([
    [{ nodes: 0 }, /at least 1/],
    [{ nodes: 2.5 }, /whole number/],
    [{ nodes: 5, managers: 2 }, /1, 3 or 5/],
    [{ nodes: 2, managers: 3 }, /more than --nodes/],
    [{ nodes: 5, subnet: '10.1.0.0' }, /CIDR/],
    [{ nodes: 5, cluster: 'Bad_Name' }, /not usable/],
    [{ nodes: 5, startConcurrency: 0 }, /startConcurrency/],
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

import { describe, expect, it } from 'vitest';
import { decodeLine, decodeLines, encodePoint } from '../../../harness/metrics/line-protocol.js';

describe('line protocol', () => {
  it('round-trips tags, typed fields and escapes', () => {
    const p = {
      measurement: 'swarm_service',
      tags: { run: 'r 1', service: 'a,b=c', step: 'scale' },
      fields: { running: 12, desired: 20, name: 'say "hi"\nthere', ok: true, ratio: 0.5 },
      timeMs: 1_700_000_000_123,
      intFields: ['running', 'desired'],
    };
    const line = encodePoint(p);
    expect(line).toContain('running=12i');
    expect(line.endsWith(' 1700000000123')).toBe(true);
    const back = decodeLine(line)!;
    expect(back.tags).toEqual(p.tags);
    expect(back.fields).toEqual(p.fields);
    expect(back.timeMs).toBe(p.timeMs);
    expect([...(back.intFields ?? [])].sort()).toEqual(['desired', 'running']);
  });
  it('skips a truncated last line (a run killed mid-write)', () => {
    const text = 'mark,name=a value=1 1000\nswarm_node ready=3i 2000\nswarm_node ready=';
    expect(decodeLines(text)).toHaveLength(2);
  });
});

// Top functions of a Go profile: a synthetic profile whose flat and cumulative values are counted
// by hand (recursion and inlining counted once per sample in cum), and the real CPU and heap
// profiles of a manager's dockerd (test/fixtures/manager/), checked for structure, not names.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { describe, expect, test } from 'vitest';
import { BadInputError } from '../../../harness/errors.js';
import { isGlueFrame, topFunctions, type ProfileTop } from '../../../harness/report/profile-top.js';

const cpuFixture = readFileSync('test/fixtures/manager/cpu.pb.gz');
const heapFixture = readFileSync('test/fixtures/manager/heap.pb.gz');

/** A CPU profile (samples/count, cpu/nanoseconds, 10 ms period, 5 s) of these stacks, leaf first:
 *  leaf ← rec ← rec ← serve ← goexit   10 ns (recursion)
 *  rec ← serve ← goexit                20 ns
 *  [inl inlined into rec] ← rec ← serve ← goexit   30 ns (one location, two lines)
 *  serve ← goexit                      40 ns
 *  leaf ← serve ← goexit               0 ns (no value: not counted) */
function syntheticProfile(): Profile {
  const strings = new StringTable();
  const s = (t: string) => strings.dedup(t);
  const names = ['runtime.goexit', 'net/http.(*conn).serve', 'main.rec', 'main.leaf', 'main.inl'];
  const fn = names.map((name, i) => new PprofFunction({ id: i + 1, name: s(name), filename: s('main.go') }));
  const [goexit, serve, rec, leaf, inl] = fn.map((f) => f.id);
  const loc = (id: number, ...fns: (number | bigint)[]) =>
    new Location({ id, line: fns.map((functionId) => new Line({ functionId, line: 1 })) });
  const location = [loc(1, goexit!), loc(2, serve!), loc(3, rec!), loc(4, leaf!), loc(5, inl!, rec!)];
  const sample = (ids: number[], ns: number) => new Sample({ locationId: ids, value: [ns === 0 ? 0 : 1, ns] });
  return new Profile({
    sampleType: [
      new ValueType({ type: s('samples'), unit: s('count') }),
      new ValueType({ type: s('cpu'), unit: s('nanoseconds') }),
    ],
    sample: [
      sample([4, 3, 3, 2, 1], 10),
      sample([3, 2, 1], 20),
      sample([5, 3, 2, 1], 30),
      sample([2, 1], 40),
      sample([4, 2, 1], 0),
    ],
    location,
    function: fn,
    stringTable: strings,
    timeNanos: 1_796_319_217_452_232_234n,
    durationNanos: 5_000_000_000,
    periodType: new ValueType({ type: s('cpu'), unit: s('nanoseconds') }),
    period: 10_000_000,
  });
}

const rowOf = (top: ProfileTop, name: string) => top.cum.find((r) => r.name === name);

describe('topFunctions on a synthetic profile', () => {
  const encoded = syntheticProfile().encode();

  test('counts flat at the leaf and cum once per sample, recursion and inlining included', () => {
    const top = topFunctions(gzipSync(encoded));
    expect(top).toMatchObject({
      sampleType: 'cpu',
      unit: 'nanoseconds',
      sampleTypes: ['samples', 'cpu'],
      total: 100,
      samples: 4,
      functions: 5,
      durationMs: 5000,
      period: { value: 10_000_000, type: 'cpu', unit: 'nanoseconds' },
      time: '2026-12-03T17:33:37.452Z',
    });
    expect(top.flat.map((r) => [r.name, r.flat, r.flatPercent])).toEqual([
      ['net/http.(*conn).serve', 40, 40],
      ['main.inl', 30, 30],
      ['main.rec', 20, 20],
      ['main.leaf', 10, 10],
    ]);
    // Ties by name: net/http… before runtime.goexit.
    expect(top.cum.map((r) => [r.name, r.cum])).toEqual([
      ['net/http.(*conn).serve', 100],
      ['runtime.goexit', 100],
      ['main.rec', 60],
      ['main.inl', 30],
      ['main.leaf', 10],
    ]);
    expect(rowOf(top, 'main.rec')).toMatchObject({ flat: 20, cum: 60, cumPercent: 60, file: 'main.go' });
    expect(rowOf(top, 'runtime.goexit')).toMatchObject({ flat: 0, flatPercent: 0 });
  });

  test('the dominant function is the first by cum past the runtime and serving glue', () => {
    expect(topFunctions(encoded).dominant?.name).toBe('main.rec');
  });

  test('another sample type, n rows, and an unknown sample type', () => {
    const samples = topFunctions(encoded, { sampleType: 'samples', n: 2 });
    expect(samples).toMatchObject({ sampleType: 'samples', unit: 'count', total: 4 });
    expect(samples.flat.map((r) => r.name)).toEqual(['main.inl', 'main.leaf']);
    expect(samples.cum).toHaveLength(2);
    expect(() => topFunctions(encoded, { sampleType: 'inuse_space' })).toThrow(BadInputError);
    expect(() => topFunctions(encoded, { sampleType: 'inuse_space' })).toThrow(/\(it has samples, cpu\)/);
  });
});

describe('topFunctions on real dockerd profiles', () => {
  const goName = /^[\w.-]+(\/[\w.-]+)*\.\S+$/;

  function checkStructure(top: ProfileTop, n: number) {
    expect(top.total).toBeGreaterThan(0);
    expect(top.samples).toBeGreaterThan(0);
    expect(top.flat.length).toBeGreaterThan(0);
    expect(top.flat.length).toBeLessThanOrEqual(n);
    expect(top.cum).toHaveLength(Math.min(n, top.functions));
    expect(top.flat.reduce((sum, r) => sum + r.flatPercent, 0)).toBeLessThanOrEqual(100 + 1e-9);
    for (const list of [top.flat, top.cum]) {
      for (const r of list) {
        expect(r.name).toMatch(goName);
        expect(r.cum).toBeGreaterThanOrEqual(r.flat);
        expect(r.flat).toBeGreaterThan(list === top.flat ? 0 : -1);
        expect(r.cumPercent).toBeLessThanOrEqual(100);
      }
    }
    // At least one function from a package path (github.com/…, net/http…), not only runtime.*.
    expect(top.cum.some((r) => r.name.includes('/'))).toBe(true);
    expect(top.flat.map((r) => r.flat)).toEqual([...top.flat.map((r) => r.flat)].sort((a, b) => b - a));
    expect(top.cum.map((r) => r.cum)).toEqual([...top.cum.map((r) => r.cum)].sort((a, b) => b - a));
    expect(top.dominant && isGlueFrame(top.dominant.name)).toBe(false);
  }

  test('CPU: the cpu sample type in nanoseconds over the profile’s seconds', () => {
    const top = topFunctions(cpuFixture, { n: 15 });
    expect(top).toMatchObject({ sampleType: 'cpu', unit: 'nanoseconds', sampleTypes: ['samples', 'cpu'] });
    expect(top.period).toMatchObject({ type: 'cpu', unit: 'nanoseconds' });
    expect(top.durationMs).toBeGreaterThan(0);
    checkStructure(top, 15);
    expect(top.cum[0]!.name).toMatch(/runtime|net\/http|swarmkit|grpc/);
    // Every CPU sample counts one period: the samples type times the period is the CPU time.
    const ticks = topFunctions(cpuFixture, { sampleType: 'samples' });
    expect(ticks.total * top.period!.value).toBe(top.total);
  });

  test('heap: inuse_space in bytes by default, alloc_space on request', () => {
    const inuse = topFunctions(heapFixture, { n: 10 });
    expect(inuse).toMatchObject({ sampleType: 'inuse_space', unit: 'bytes' });
    expect(inuse.sampleTypes).toEqual(expect.arrayContaining(['alloc_space', 'inuse_space']));
    expect(inuse.durationMs).toBeUndefined();
    checkStructure(inuse, 10);
    const alloc = topFunctions(heapFixture, { sampleType: 'alloc_space', n: 10 });
    checkStructure(alloc, 10);
    expect(alloc.total).toBeGreaterThanOrEqual(inuse.total);
  });

  test('an uncompressed profile reads the same', () => {
    expect(topFunctions(gunzipSync(cpuFixture))).toEqual(topFunctions(cpuFixture));
  });
});

describe('isGlueFrame', () => {
  test.each([
    ['runtime.goexit', true],
    ['runtime.systemstack', true],
    ['runtime/pprof.profileWriter', true],
    ['internal/poll.(*FD).Read', true],
    ['syscall.Syscall', true],
    ['net/http.(*conn).serve', true],
    ['net/http.serverHandler.ServeHTTP', true],
    ['google.golang.org/grpc.(*Server).handleStream', true],
    ['github.com/docker/swarmkit/api._Dispatcher_Heartbeat_Handler', true],
    ['github.com/docker/swarmkit/manager/dispatcher.(*Dispatcher).Heartbeat', false],
    ['github.com/docker/swarmkit/manager/state/store.(*MemoryStore).View', false],
    ['net/http.(*Transport).roundTrip', false],
    ['google.golang.org/grpc/internal/transport.newBufWriter', false],
  ])('%s → %s', (name, glue) => {
    expect(isGlueFrame(name)).toBe(glue);
  });
});

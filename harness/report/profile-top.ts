// The top functions of one Go profile (pprof's protobuf, gzip-compressed as /debug/pprof serves
// it), as `go tool pprof -top` counts them at function granularity: a sample's value is the
// flat value of its leaf frame (the innermost inlined function of its first location), and the
// cumulative value of every function on its stack, once per sample even when the function
// recurses or is inlined into itself. Decoding is pprof-format's; nothing here reads a file.
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { BadInputError } from '../errors.js';

export interface FunctionRow {
  /** Go function name as the profile spells it: "github.com/docker/swarmkit/manager/dispatcher.(*Dispatcher).Heartbeat". */
  name: string;
  /** Source file of the function ('' when the profile does not say). */
  file: string;
  /** Value of the samples whose leaf frame is this function, in the sample type's unit. */
  flat: number;
  /** flat as a percentage of the profile's total. */
  flatPercent: number;
  /** Value of the samples with this function anywhere on their stack. */
  cum: number;
  cumPercent: number;
}

export interface ProfileTop {
  /** The sample type counted ('cpu', 'inuse_space', …) and its unit ('nanoseconds', 'bytes', …). */
  sampleType: string;
  unit: string;
  /** Every sample type the profile holds, in order (a Go CPU profile: samples, cpu). */
  sampleTypes: string[];
  /** Sum of the chosen value over all samples: 100 %. */
  total: number;
  /** Samples with a non-zero value. */
  samples: number;
  /** Distinct functions on those samples' stacks. */
  functions: number;
  /** How long the profile covered (a CPU profile's ?seconds=); undefined for a snapshot (heap). */
  durationMs?: number;
  /** Sampling period: 10 ms of CPU ('cpu', 'nanoseconds'), one heap sample per 512 KiB ('space', 'bytes'). */
  period?: { value: number; type: string; unit: string };
  /** When the profile was taken, ISO 8601 UTC. */
  time?: string;
  /** Top functions by flat value, largest first (ties by name); none with a flat value of 0. */
  flat: FunctionRow[];
  /** Top functions by cumulative value, largest first (ties by name). */
  cum: FunctionRow[];
  /** The first function by cumulative value that is not runtime or serving glue (isGlueFrame). */
  dominant?: FunctionRow;
}

export interface TopOptions {
  /** Sample type to count (default: the profile's default sample type, else its last: 'cpu' for a
   *  Go CPU profile, 'inuse_space' for a heap profile; 'alloc_space', 'samples' … on request). */
  sampleType?: string;
  /** Rows per list (default 15). */
  n?: number;
}

export const DEFAULT_TOP = 15;

/** Frames that say where a goroutine came from rather than what it spent its time on: the Go
 *  runtime and scheduler (runtime.*, runtime/*, among them the goroutine entry runtime.goexit),
 *  Go's internals (internal/*, syscall.*), and the serving glue under every API call —
 *  net/http's connection loop and ServeHTTP chain, gRPC's server stream handling, and the
 *  generated gRPC handler shims (_Foo_Bar_Handler). What is left names swarm's own work. */
const GLUE_FRAMES: readonly RegExp[] = [
  /^runtime[./]/,
  /^internal\//,
  /^syscall\./,
  /^net\/http\.\(\*conn\)\.serve$/,
  /^net\/http\..*ServeHTTP$/,
  /^google\.golang\.org\/grpc\.\(\*Server\)\./,
  /\._[A-Za-z0-9]+_[A-Za-z0-9]+_Handler(\.func\d+)?$/,
];

export function isGlueFrame(name: string): boolean {
  return GLUE_FRAMES.some((re) => re.test(name));
}

/** Decodes a profile, gzip-compressed (as served) or not. */
export function decodeProfile(buf: Uint8Array): Profile {
  const raw = buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
  return Profile.decode(raw);
}

const num = (v: number | bigint) => Number(v);

export function topFunctions(input: Uint8Array | Profile, opts: TopOptions = {}): ProfileTop {
  const p = input instanceof Profile ? input : decodeProfile(input);
  const str = (i: number | bigint) => p.stringTable.strings[num(i)] ?? '';
  const sampleTypes = p.sampleType.map((t) => str(t.type));
  const index = sampleIndex(p, sampleTypes, opts.sampleType);
  const n = opts.n ?? DEFAULT_TOP;

  const fns = new Map<number, { name: string; file: string }>();
  for (const f of p.function) fns.set(num(f.id), { name: str(f.name), file: str(f.filename) });
  /** Each location's frames, innermost first (the last line is the caller the others were inlined into). */
  const frames = new Map<number, { name: string; file: string }[]>();
  for (const l of p.location) {
    const lines = l.line.map((ln) => fns.get(num(ln.functionId)) ?? { name: `function ${ln.functionId}`, file: '' });
    frames.set(num(l.id), lines.length > 0 ? lines : [{ name: `0x${l.address.toString(16)}`, file: '' }]);
  }

  const rows = new Map<string, { name: string; file: string; flat: number; cum: number }>();
  const row = (f: { name: string; file: string }) => {
    let r = rows.get(f.name);
    if (!r) rows.set(f.name, (r = { name: f.name, file: f.file, flat: 0, cum: 0 }));
    return r;
  };
  let total = 0;
  let samples = 0;
  for (const s of p.sample) {
    const v = num(s.value[index] ?? 0);
    if (v === 0) continue;
    total += v;
    samples++;
    const stack = s.locationId.flatMap((id) => frames.get(num(id)) ?? [{ name: `location ${id}`, file: '' }]);
    if (stack.length === 0) continue;
    row(stack[0]!).flat += v;
    const seen = new Set<string>();
    for (const f of stack) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      row(f).cum += v;
    }
  }

  const pct = (v: number) => (total === 0 ? 0 : (100 * v) / total);
  const all: FunctionRow[] = [...rows.values()].map((r) => ({
    name: r.name,
    file: r.file,
    flat: r.flat,
    flatPercent: pct(r.flat),
    cum: r.cum,
    cumPercent: pct(r.cum),
  }));
  const by = (k: 'flat' | 'cum') => (a: FunctionRow, b: FunctionRow) =>
    b[k] - a[k] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const byCum = [...all].sort(by('cum'));
  const duration = num(p.durationNanos);
  const time = num(p.timeNanos);
  return {
    sampleType: sampleTypes[index]!,
    unit: str(p.sampleType[index]!.unit),
    sampleTypes,
    total,
    samples,
    functions: all.length,
    durationMs: duration > 0 ? duration / 1e6 : undefined,
    period:
      p.periodType && num(p.period) > 0
        ? { value: num(p.period), type: str(p.periodType.type), unit: str(p.periodType.unit) }
        : undefined,
    time: time > 0 ? new Date(time / 1e6).toISOString() : undefined,
    flat: all
      .filter((r) => r.flat !== 0)
      .sort(by('flat'))
      .slice(0, n),
    cum: byCum.slice(0, n),
    dominant: byCum.find((r) => !isGlueFrame(r.name)),
  };
}

function sampleIndex(p: Profile, types: string[], wanted: string | undefined): number {
  if (types.length === 0) throw new BadInputError('the profile declares no sample type');
  if (wanted !== undefined) {
    const i = types.indexOf(wanted);
    if (i === -1)
      throw new BadInputError(`the profile has no sample type '${wanted}' (it has ${types.join(', ')})`, {
        fix: `choose one of: ${types.join(', ')}`,
      });
    return i;
  }
  const byDefault = num(p.defaultSampleType) > 0 ? types.indexOf(p.stringTable.strings[num(p.defaultSampleType)]!) : -1;
  return byDefault === -1 ? types.length - 1 : byDefault;
}

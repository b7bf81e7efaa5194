// An observer of the swarm that shares nothing with the harness: a shell loop inside the inner
// manager's node printing the time and `docker service ls`, as a person watching the swarm would.
// Its samples say when each service reached a replica count; agreement.ts sets them beside the
// harness's own convergence time.

export interface ServiceSample {
  /** ms since the epoch, the manager node's clock (the host's). */
  ms: number;
  /** service name → [running, desired] as `docker service ls` prints "running/desired". */
  replicas: Map<string, [number, number]>;
}

/** The loop the observer runs in the manager's node; `T <ns>` starts each sample. */
export const OBSERVER_SCRIPT =
  'while :; do echo "T $(date +%s%N)"; docker service ls --format "{{.Name}} {{.Replicas}}"; sleep 0.1; done';

/** Parses the loop's output into samples (a sample cut off at the end is dropped). */
export function parseSamples(text: string): ServiceSample[] {
  const out: ServiceSample[] = [];
  let cur: ServiceSample | undefined;
  for (const line of text.split('\n')) {
    const t = /^T (\d+)$/.exec(line.trim());
    if (t) {
      if (cur) out.push(cur);
      cur = { ms: Number(BigInt(t[1]!) / 1_000_000n), replicas: new Map() };
      continue;
    }
    const r = /^(\S+) (\d+)\/(\d+)/.exec(line.trim());
    if (r && cur) cur.replicas.set(r[1]!, [Number(r[2]), Number(r[3])]);
  }
  return out;
}

/**
 * When the observer first saw `service` converged after a request at `requestedMs`: the step's
 * target is the first desired count after the request that differs from the one before it (the
 * scale reached the manager); converged is the first sample with that many running (or more,
 * should a next step already have raised the desired count). Undefined when it never did.
 */
export function observedConvergence(
  samples: readonly ServiceSample[],
  service: string,
  requestedMs: number,
): { ms: number; desired: number } | undefined {
  const before = samples
    .filter((s) => s.ms <= requestedMs)
    .at(-1)
    ?.replicas.get(service)?.[1];
  let target: number | undefined;
  for (const s of samples) {
    if (s.ms <= requestedMs) continue;
    const r = s.replicas.get(service);
    if (!r) continue;
    const [running, desired] = r;
    if (target === undefined && desired !== before) target = desired;
    if (target !== undefined && running >= target) return { ms: s.ms, desired: target };
  }
  return undefined;
}

export interface StepAgreement {
  step: string;
  harnessMs: number;
  observerMs?: number;
  diffMs?: number;
  toleranceMs: number;
  agrees: boolean;
}

/** The bound: within 5 % of the harness's figure or 1 s, whichever is larger. */
export const toleranceFor = (harnessMs: number): number => Math.max(0.05 * harnessMs, 1000);

export function stepAgreement(
  samples: readonly ServiceSample[],
  service: string,
  step: { name: string; requestedMs: number; convergeMs: number },
): StepAgreement {
  const seen = observedConvergence(samples, service, step.requestedMs);
  const toleranceMs = toleranceFor(step.convergeMs);
  if (!seen) return { step: step.name, harnessMs: step.convergeMs, toleranceMs, agrees: false };
  const observerMs = seen.ms - step.requestedMs;
  const diffMs = observerMs - step.convergeMs;
  return {
    step: step.name,
    harnessMs: step.convergeMs,
    observerMs,
    diffMs,
    toleranceMs,
    agrees: Math.abs(diffMs) <= toleranceMs,
  };
}

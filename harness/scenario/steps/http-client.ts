// The HTTP load client as a shell script for a node container (the node image has curl; the
// workload images' busybox wget crashes), and the parser of what it prints. Each of C loops
// writes to its own file so answers never interleave; curl reuses one process for every target.

export interface HttpAnswer {
  code: number;
  ms: number;
  url: string;
  /** The container that answered ("served-by <hostname>"), when the body said. */
  replica?: string;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The load loops run until the deadline or until `stopFile` appears (the harness creates it when
 * the run is interrupted): the loops then end within one request and what they got is printed.
 */
export function loadScript(
  urls: readonly string[],
  durationS: number,
  concurrency: number,
  stopFile = '/tmp/swarmbench-http-stop',
): string {
  const list = urls.map(shellQuote).join(' ');
  return [
    'set -u',
    `stop=${shellQuote(stopFile)}`,
    'rm -f "$stop"',
    `end=$(( $(date +%s) + ${Math.max(1, Math.round(durationS))} ))`,
    'dir=$(mktemp -d)',
    'i=0',
    `while [ $i -lt ${concurrency} ]; do`,
    `  ( while [ $(date +%s) -lt $end ] && [ ! -e "$stop" ]; do curl -s -m 5 -w '\\n@@ %{http_code} %{time_total} %{url_effective}\\n' ${list}; done ) > $dir/$i.out 2>/dev/null &`,
    '  i=$((i+1))',
    'done',
    'wait',
    'cat $dir/*.out',
    'rm -rf $dir "$stop"',
  ].join('\n');
}

export function parseAnswers(output: string): HttpAnswer[] {
  const answers: HttpAnswer[] = [];
  let replica: string | undefined;
  for (const line of output.split('\n')) {
    const served = /^served-by (\S+)/.exec(line);
    if (served) {
      replica = served[1];
      continue;
    }
    const m = /^@@ (\d{3}) ([\d.]+) (\S+)/.exec(line);
    if (!m) continue;
    answers.push({ code: Number(m[1]), ms: Number(m[2]) * 1000, url: m[3]!, ...(replica ? { replica } : {}) });
    replica = undefined;
  }
  return answers;
}

export interface HttpSummary {
  requests: number;
  ok: number;
  successRatio: number;
  latencies: number[];
  perReplica: Record<string, number>;
  replicasSeen: number;
  /** Answers of the busiest replica / mean answers per replica: 1 is perfectly even. */
  imbalance?: number;
  perTarget: Record<string, { requests: number; errors: number; latencies: number[] }>;
}

export function summarize(answers: readonly HttpAnswer[]): HttpSummary {
  const ok = answers.filter((a) => a.code >= 200 && a.code < 300);
  const perReplica: Record<string, number> = {};
  for (const a of ok) if (a.replica) perReplica[a.replica] = (perReplica[a.replica] ?? 0) + 1;
  const counts = Object.values(perReplica);
  const mean = counts.length ? counts.reduce((x, y) => x + y, 0) / counts.length : 0;
  const perTarget: HttpSummary['perTarget'] = {};
  for (const a of answers) {
    const host = a.url.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    const t = (perTarget[host] ??= { requests: 0, errors: 0, latencies: [] });
    t.requests++;
    if (a.code < 200 || a.code >= 300) t.errors++;
    else t.latencies.push(a.ms);
  }
  return {
    requests: answers.length,
    ok: ok.length,
    successRatio: answers.length ? ok.length / answers.length : 0,
    latencies: ok.map((a) => a.ms),
    perReplica,
    replicasSeen: counts.length,
    imbalance: mean > 0 ? Math.max(...counts) / mean : undefined,
    perTarget,
  };
}

// What knee.md and knee.html both say of a breaking-point search (knee.json), as plain text and
// table cells, so the two pages cannot drift apart; each page only escapes and lays them out.
// The manager profiles either side of the knee are knee-profile-facts.ts's.
import { describeKnee } from '../search/describe.js';
import type { Knee, ProbeRecord } from '../search/knee.js';
import type { FactTable } from './page-facts.js';

const n = (x: number) => x.toLocaleString('en-US');

export const kneeTitle = (k: Knee) => `Breaking-point search: ${k.param}`;

/** The knee in one sentence (describeKnee), as a sentence on a page. */
export function kneeSentence(k: Knee): string {
  const s = describeKnee(k);
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** How precisely the knee is known: a second search lands within this of it. */
export function resolutionSentence(k: Knee): string {
  if (!k.lastGood || !k.firstBad) return '';
  return `The knee lies between ${n(k.lastGood.size)} (held) and ${n(k.firstBad.size)} (broke): known to within ${n(k.resolution ?? k.firstBad.size - k.lastGood.size)} ${k.param}.`;
}

/** What each validity verdict at the knee means for the knee itself. */
const MEANING: Record<string, string> = {
  valid:
    'the host, the harness and the hollow-worker simulator had room to spare, so the knee is the swarm’s own: this is where its managers stopped keeping up.',
  'host-bound':
    'this machine was saturated (CPU or memory) in at least half of the probe’s seconds, so the knee is this machine’s capacity rather than Swarm’s; a bigger host, or the simulator on another one, would move it.',
  'harness-bound':
    'swarmbench itself was saturated (a core, or its event loop running late) half of the time, so its measurements lagged: the knee says as much about the harness as about the swarm.',
  'simulator-bound':
    'the hollow-worker simulator missed heartbeats, so nodes may have gone Down through its fault rather than the manager’s: the knee is the simulator’s until it runs with more processes or on another host.',
};

export const verdictAt = (k: Knee): number | undefined => (k.firstBad ?? k.lastGood)?.size;

/** "Validity at 5,000, the first size that broke: host-bound." and what that means for the knee. */
export function verdictSentence(k: Knee): { verdict: string; head: string; meaning: string } {
  const size = verdictAt(k);
  const verdict = k.verdict ?? 'unknown';
  if (size === undefined) return { verdict, head: 'No validity verdict:', meaning: 'no probe finished.' };
  const where = k.firstBad ? `${n(size)}, the first size that broke` : `${n(size)}, the last size that held`;
  const meaning =
    MEANING[verdict] ??
    'no host or harness samples were recorded, so whether the swarm or this machine set the knee is unknown.';
  const good = k.firstBad && k.lastGood && k.lastGood.verdict !== verdict ? k.lastGood : undefined;
  const before = good ? ` At ${n(good.size)}, the last size that held, it was ${good.verdict}.` : '';
  return { verdict, head: `Validity at ${where}: ${verdict}.`, meaning: `That means ${meaning}${before}` };
}

/** A probe's run directory below the search's, where its report is: the link survives a move. */
export const probeDir = (size: number) => `probe-${size}`;
export const probeReportHref = (p: Pick<ProbeRecord, 'size'>) => `${probeDir(p.size)}/report.html`;

export const probeOutcome = (p: ProbeRecord) => (p.error !== undefined ? 'error' : p.held ? 'held' : 'broke');

/** Every probe in the order it ran; the report column is a relative link on both pages. */
export function probesTable(k: Knee): FactTable {
  return {
    id: 'probes',
    title: 'Probes',
    head: ['size', 'phase', 'outcome', 'validity', 'what broke', 'profiles', 'report'],
    rows: k.probes.map((p) => [
      n(p.size),
      p.phase,
      probeOutcome(p),
      p.verdict,
      p.error ??
        ([...p.slos.filter((s) => s.verdict !== 'pass').map((s) => s.expr), ...(p.failed ? [p.failed] : [])].join(
          ', ',
        ) ||
          '–'),
      p.profiles ? 'yes' : '–',
      probeReportHref(p),
    ]),
    numeric: [0],
    empty: 'No probe ran.',
  };
}

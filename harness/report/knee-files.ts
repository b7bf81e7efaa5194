// The files a breaking-point search leaves in its directory: knee.json, then the pages made from
// it and from the probes' run directories below it (knee.png, knee.md, knee.html, the managers'
// profiles at the last size that held and the first that broke read from probe-<size>/profiles).
// `run` of a scenario with `search:` writes them all; `report DIR` on that directory rewrites the
// pages from knee.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { PROFILES_INDEX } from '../metrics/profiles-index.js';
import { kneeChart } from '../search/chart.js';
import type { Knee } from '../search/knee.js';
import { renderPng } from './charts/render.js';
import { probeDir } from './knee-facts.js';
import { kneeHtml, type KneeChartImage } from './knee-html.js';
import { kneeMarkdown } from './knee-md.js';
import { kneeProfileSection, type KneeSide } from './knee-profile-facts.js';
import { loadProfiles } from './load-profiles.js';
import type { RenderChart } from './page-shell.js';

export const KNEE_FILES = { json: 'knee.json', markdown: 'knee.md', html: 'knee.html', png: 'knee.png' } as const;
export const KNEE_SCHEMA = 'swarmbench/knee';

/** The probe's profile index relative to the search's directory, when the probe left one. */
export function probeProfiles(dir: string, size: number): string | undefined {
  const rel = `${probeDir(size)}/${PROFILES_INDEX}`;
  return existsSync(join(dir, rel)) ? rel : undefined;
}

/** The knee in `dir`'s knee.json, or undefined when there is none: a search's directory or not. */
export function kneeIn(dir: string): Knee | undefined {
  const file = join(dir, KNEE_FILES.json);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new BadInputError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const k = raw as Partial<Knee> & { schema?: unknown };
  if (k?.schema !== KNEE_SCHEMA || typeof k.param !== 'string' || !Array.isArray(k.probes))
    throw new BadInputError(`${file} is not a breaking-point search's knee (schema ${KNEE_SCHEMA})`, {
      fix: 'name the directory `run` wrote for a scenario with search:, or one of its probe-<size> run directories',
    });
  const { schema: _schema, schemaVersion: _version, ...knee } = k as Knee & { schema: string; schemaVersion: number };
  return knee;
}

/** Every probe's `profiles` where its directory has them (a knee.json written before probes took
 *  profiles has none recorded; its pages still show what the directories hold). */
function withProfiles(dir: string, k: Knee): Knee {
  return {
    ...k,
    probes: k.probes.map((p) => {
      const profiles = p.profiles ?? probeProfiles(dir, p.size);
      return profiles ? { ...p, profiles } : p;
    }),
  };
}

/** The probes either side of the knee with the profiles their directories hold; every row of
 *  every profile, so shares compare across the two (the pages show the top rows). */
function kneeSides(dir: string, k: Knee): KneeSide[] {
  const sides: KneeSide[] = [];
  const side = (role: KneeSide['role'], size: number) =>
    sides.push({ role, size, dir: probeDir(size), loaded: loadProfiles(join(dir, probeDir(size)), { n: Infinity }) });
  if (k.firstBad) side('first bad', k.firstBad.size);
  if (k.lastGood) side('last good', k.lastGood.size);
  return sides;
}

/** knee.png (once), knee.md and knee.html from the knee and the probe directories; the paths written. */
export async function writeKneePages(dir: string, knee: Knee, render: RenderChart = renderPng): Promise<string[]> {
  const k = withProfiles(dir, knee);
  const written: string[] = [];
  const config = kneeChart(k);
  let chart: KneeChartImage = { missing: 'no probe measured an SLO metric (every probe errored)' };
  if (config) {
    try {
      const png = await render(config);
      writeFileSync(join(dir, KNEE_FILES.png), png);
      written.push(join(dir, KNEE_FILES.png));
      chart = { png };
    } catch (err) {
      chart = { missing: `it could not be rendered (${(err as Error).message.split('\n')[0]})` };
    }
  }
  const chartLine =
    'png' in chart
      ? `![the SLO figures against size, the knee marked](${KNEE_FILES.png})`
      : `No chart: ${chart.missing}.`;
  const profiles = kneeProfileSection(k, kneeSides(dir, k));
  writeFileSync(join(dir, KNEE_FILES.markdown), kneeMarkdown(k, chartLine, profiles));
  writeFileSync(join(dir, KNEE_FILES.html), kneeHtml(k, chart, profiles));
  return [...written, join(dir, KNEE_FILES.markdown), join(dir, KNEE_FILES.html)];
}

/** knee.json first (what a nightly job reads, whatever the pages do), then the pages. */
export async function writeKnee(dir: string, knee: Knee, render: RenderChart = renderPng): Promise<string[]> {
  const file = join(dir, KNEE_FILES.json);
  writeFileSync(file, `${JSON.stringify({ schema: KNEE_SCHEMA, schemaVersion: 1, ...knee }, null, 2)}\n`);
  return [file, ...(await writeKneePages(dir, knee, render))];
}

// junit.xml: one test case per SLO (a failed SLO is a failed test case) so CI dashboards show a
// run's verdicts; plus one case for the run itself, which fails when the run did not finish.
import { redact } from '../util/redact.js';
import { formatValue } from './format.js';
import type { RunSummary } from './summary-schema.js';

export function xmlEscape(s: string): string {
  return redact(s)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  name: string;
  failure?: { type: string; message: string };
  error?: { type: string; message: string };
  timeS: number;
}

function sloCases(s: RunSummary): Case[] {
  return s.slos.map((slo) => {
    const got = formatValue(slo.value, slo.unit);
    const bound = formatValue(slo.bound, slo.unit);
    if (slo.verdict === 'pass') return { name: slo.expr, timeS: 0 };
    const message =
      slo.verdict === 'no-data'
        ? `${slo.metric}: no data was recorded, so "${slo.expr}" could not be checked`
        : `${slo.metric} was ${got}, expected ${slo.op} ${bound}`;
    return { name: slo.expr, timeS: 0, failure: { type: slo.verdict === 'no-data' ? 'no-data' : 'slo', message } };
  });
}

function runCase(s: RunSummary): Case {
  const timeS = (s.run.durationMs ?? 0) / 1000;
  const name = 'run completed';
  if (s.run.verdict === 'error')
    return { name, timeS, error: { type: 'error', message: s.run.reason ?? 'the run ended with an error' } };
  if (!s.run.complete)
    return { name, timeS, failure: { type: 'incomplete', message: s.data.problems[0] ?? 'the run did not finish' } };
  return { name, timeS };
}

export function buildJunit(s: RunSummary): string {
  const cases = [runCase(s), ...sloCases(s)];
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const suite = `swarmbench.${s.run.scenario}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="swarmbench" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${((s.run.durationMs ?? 0) / 1000).toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" timestamp="${xmlEscape(s.run.start.replace(/\.\d+Z$/, ''))}" time="${((s.run.durationMs ?? 0) / 1000).toFixed(3)}">`,
    '    <properties>',
    ...[
      ['run.id', s.run.id],
      ['seed', String(s.run.seed)],
      ['cluster.nodes', String(s.cluster.nodes)],
      ['cluster.nodeMode', s.cluster.nodeMode],
      ['cluster.publishMode', s.cluster.publishMode],
      ...(s.validity
        ? [
            ['validity', s.validity.verdict],
            ['validity.evidence', s.validity.evidence.join('; ')],
          ]
        : []),
    ].map(([k, v]) => `      <property name="${xmlEscape(k!)}" value="${xmlEscape(v!)}"/>`),
    '    </properties>',
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${xmlEscape(suite)}" name="${xmlEscape(c.name)}" time="${c.timeS.toFixed(3)}"`;
    const body = c.failure ?? c.error;
    if (!body) {
      lines.push(`${open}/>`);
      continue;
    }
    const tag = c.failure ? 'failure' : 'error';
    lines.push(
      `${open}>`,
      `      <${tag} type="${xmlEscape(body.type)}" message="${xmlEscape(body.message)}">${xmlEscape(body.message)}</${tag}>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

// decodeLine's fast path (indexOf, for lines without escapes) must give exactly what its careful
// path gives, line for line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeLine, decodeLineSlow, encodePoint } from '../../../harness/metrics/line-protocol.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';

describe('decodeLine fast path', () => {
  test('agrees with decodeLine on every line of the fixture runs', () => {
    const root = mkdtempSync(join(tmpdir(), 'swarmbench-lp-'));
    try {
      for (const kind of ['scale', 'chaos'] as const) {
        writeFixtureRun(join(root, kind), { kind });
        for (const line of readFileSync(join(root, kind, 'metrics.lp'), 'utf8').split('\n'))
          expect(decodeLine(line), line).toEqual(decodeLineSlow(line));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test.each([
    '',
    '# comment',
    'chaos,action=kill target="w1,w2 and w3",detect_ms=12.5,tasks_lost=0i 1000',
    'harness ok=true,bad=F,s="x=y" 5',
    'm,a\\ b=c\\,d f="q\\"uote" 7',
    encodePoint({ measurement: 'odd name', tags: { 'k=1': 'v,2' }, fields: { 's p': 'line\nbreak' }, timeMs: 9 }),
    'no_fields 1000',
    'm f= 1000',
    'm =1 1000',
    'm f=1 notatime',
    'm f=1 1000 extra',
    'm,t=1 f="unterminated 1000',
    '  m f=1i 1000  ',
  ])('%s', (line) => expect(decodeLine(line)).toEqual(decodeLineSlow(line)));
});

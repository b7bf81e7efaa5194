// A chart's notes (the task phases' where-the-time-went sentences) reach both pages, escaped in
// HTML, and stay on the page when the chart itself could not be drawn.
import { describe, expect, test } from 'vitest';
import { buildHtml } from '../../../harness/report/html.js';
import { buildMarkdown } from '../../../harness/report/markdown.js';
import { summaryFixture } from './summary-fixture.js';

const notes = ['ramp: most time went to start (starting → running, the container starting) <b>'];

describe('chart notes', () => {
  test('are listed under the chart in report.md and report.html', () => {
    const chart = { id: 'task-phases', title: 'Phases', caption: 'Stacked.', png: Buffer.from('x'), notes };
    expect(buildMarkdown(summaryFixture(), [chart])).toContain(`Stacked.\n\n- ${notes[0]}\n`);
    expect(buildHtml(summaryFixture(), [chart])).toContain(
      '<ul class="notes"><li>ramp: most time went to start (starting → running, the container starting) &lt;b&gt;</li></ul>',
    );
  });

  test('stay when the chart is missing', () => {
    const chart = { id: 'task-phases', title: 'Phases', caption: 'Stacked.', missing: 'no canvas', notes };
    expect(buildMarkdown(summaryFixture(), [chart])).toContain(`_No chart: no canvas._\n\n- ${notes[0]}`);
    expect(buildHtml(summaryFixture(), [chart])).toContain('<li>ramp: most time went to start');
  });
});

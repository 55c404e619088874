import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { planQuestion, renderReport } from '../../src/assist/facts/index.ts';
import type { Fact } from '../../src/schema/assist.ts';
import type { Store } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { ask, fixtureStore } from './fixture.ts';

const HOSTILE = [
  '\u001b[2J\u001b[31mred\u001b[0m',
  'line\n# injected heading\n- injected bullet',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '[click](javascript:alert(1)) ![img](http://evil.example/x.png) <http://evil.example>',
  '| a | b |\n|---|---|',
  '**bold** _it_ `code` ~~strike~~',
  '\u202egnp.exe\u200f',
];

function fact(id: string, text: string, kind = 'suspicious-ips.ip', data: Record<string, unknown> = {}): Fact {
  return { id, kind, title: text, text, data, entities: [], citations: { events: ['0'.repeat(32)], eventCount: 3, alerts: [], incidents: [] } };
}

function assertInert(report: string): void {
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f]/.test(report), 'no control or bidi characters');
  assert.ok(!/<(script|img)\b/i.test(report), 'no raw HTML tags');
  assert.ok(!/(?<!\\)\[[^\]]*(?<!\\)\]\(/.test(report), 'no Markdown links');
  for (const line of report.split('\n')) {
    if (/^#/.test(line)) assert.match(line, /^#{2,3} [A-Z]/, `only the report's own headings: ${line}`);
    assert.ok(!/^\s*\|/.test(line), `no table rows: ${line}`);
  }
  assert.ok(!/(?<!\\)\*\*bold/.test(report) && !/(?<!\\)`code/.test(report), 'no emphasis or code spans from values');
}

describe('renderReport', () => {
  it('neutralises hostile values in fact text, timeline lines and the question', () => {
    const plan = { ...planQuestion(`suspicious IPs ${HOSTILE[0]!}`, 'forensic') };
    const facts = [
      ...HOSTILE.map((text, i) => fact(`F${String(i + 1)}`, `user ${text} from 203.0.113.9`)),
      fact('F8', 'Timeline of x', 'forensic.timeline', { lines: HOSTILE }),
      fact('F9', 'Next steps', 'forensic.next-steps', { steps: HOSTILE }),
    ];
    const report = renderReport(plan, facts, 'forensic');
    assertInert(report);
    assert.ok(report.includes('\\u001b'), 'the escape shows visibly');
    assert.ok(report.includes('&lt;script&gt;'), 'HTML shows as text');
    assert.ok(report.includes('[F1]') && report.includes('[F9]'));
  });
});

describe('renderReport on the fixture store', () => {
  const dirs = tempDirs('assist-report-store');
  let store: Store;
  before(async () => {
    store = await fixtureStore(dirs.fresh());
  });
  after(() => store.close());

  it('writes a readable answer: heading, lead sentence, findings, fact references, no JSON', async () => {
    const { plan, facts } = await ask(store, 'Analyze patterns of failed login attempts');
    const report = renderReport(plan, facts, 'basic');
    assertInert(report);
    assert.match(report, /^## Failed logins\n\nQuestion: Analyze patterns of failed login attempts\n\n19 failed login attempts \(17 records\)/);
    assert.match(report, /### Findings/);
    for (const f of facts) assert.ok(report.includes(`[${f.id}]`), `${f.id} referenced`);
    assert.ok(!/[{}]\s*"/.test(report), 'not a JSON dump');
    assert.ok(report.includes('e\\\\u001b\\[31mvil\\_\\*\\[x\\](http\\://a.b)&lt;i&gt;'), 'the hostile account name, escaped');
    assert.match(report, /Evidence: \d+ facts citing \d+ event ids/);
  });

  it('forensic answers show the plan, the evidence ids and the entity timelines', async () => {
    const { plan, facts } = await ask(store, 'What is the most critical threat detected?', 'forensic');
    const report = renderReport(plan, facts, 'forensic');
    assertInert(report);
    assert.match(report, /### How this was answered\n\n1\. /);
    assert.match(report, /### Entity timelines/);
    assert.match(report, /### Next steps\n\n1\. Review everything root did/);
    assert.match(report, /### Evidence\n\n- \[F1\] events [0-9a-f]{32}/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAlert } from '../../../src/detect/alert.ts';
import { createDetector } from '../../../src/detect/index.ts';
import type { RuleSetLoad } from '../../../src/detect/types.ts';
import { loadYaml } from './helpers.ts';
import { testEvent, testResolver } from './resolver.ts';

const rule = (id: string, logsource: string, field: string, value: string) =>
  `title: ${id}\nid: ${id}\nlevel: high\ntags: [attack.t1059.001]\nlogsource:\n${logsource}\ndetection:\n    selection:\n        ${field}: ${value}\n    condition: selection\n`;

function rules(): RuleSetLoad {
  return loadYaml(
    [
      rule('r1-win', '    product: windows', 'Image|endswith', "'\\powershell.exe'"),
      rule('r2-any', '    category: process_creation', 'CommandLine|contains', 'enc'),
      rule('r3-win', '    product: windows', 'User', 'bob'),
      rule('r4-linux', '    product: linux', 'User', 'bob'),
    ].join('---\n'),
  );
}

const windowsEvent = (fields: Record<string, string>, time = '2024-01-01T10:00:00Z') => testEvent(fields, { logsource: { product: 'windows', category: 'process_creation' }, time });

describe('detector', () => {
  it('raises one match alert per matching rule, in rule order, only for rules whose logsource selects the event', () => {
    const set = rules();
    assert.equal(set.rules.length, 4);
    const detector = createDetector(set, testResolver());
    const event = windowsEvent({ Image: 'C:\\powershell.exe', CommandLine: 'powershell -enc AAA', User: 'bob' });
    const alerts = detector.push(event);
    assert.deepEqual(alerts.map((a) => a.rule.id), ['r1-win', 'r2-any', 'r3-win']);
    assert.deepEqual(alerts[0], buildAlert(set.rules[0]!.ref, 'match', [event]));
    assert.equal(alerts[0].type, 'match');
    assert.deepEqual(alerts[0].rule.techniques, ['T1059.001']);
    assert.deepEqual(alerts[0].event_ids, [event.id]);
    const linux = testEvent({ User: 'bob' }, { logsource: { product: 'linux' } });
    assert.deepEqual(detector.push(linux).map((a) => a.rule.id), ['r4-linux']);
    assert.deepEqual(detector.push(windowsEvent({ Image: 'C:\\cmd.exe' })), []);
    assert.deepEqual(detector.flush(), []);
  });

  it('counts events and matches per rule; rules with generate=false match silently', () => {
    const set = rules();
    set.rules[2]!.generate = false;
    const detector = createDetector(set, testResolver());
    detector.push(windowsEvent({ User: 'bob' }));
    detector.push(windowsEvent({ User: 'bob', Image: 'x\\powershell.exe' }));
    detector.push(windowsEvent({ User: 'alice' }));
    const stats = detector.stats();
    assert.equal(stats.events, 3);
    assert.equal(stats.alerts, 1, 'only r1 raised an alert');
    assert.deepEqual(stats.matches.map((m) => [m.rule.id, m.count]), [['r1-win', 1], ['r2-any', 0], ['r3-win', 2], ['r4-linux', 0]]);
  });

  it('gives the same alerts (ids included) for the same events in every run', () => {
    const events = [windowsEvent({ Image: 'a\\powershell.exe', User: 'bob' }, '2024-01-01T10:00:00Z'), windowsEvent({ CommandLine: 'x enc y' }, '2024-01-01T10:00:01Z')];
    const run = () => {
      const detector = createDetector(rules(), testResolver());
      return [...events.flatMap((e) => detector.push(e)), ...detector.flush()].map((a) => a.id);
    };
    const first = run();
    assert.equal(first.length, 3);
    assert.deepEqual(run(), first);
  });

  it('exposes the correlator problems and never alerts on events without a time in correlations', () => {
    const detector = createDetector(rules(), testResolver());
    assert.ok(Array.isArray(detector.problems));
    const untimed = testEvent({ User: 'bob' }, { logsource: { product: 'windows' } });
    assert.deepEqual(detector.push(untimed).map((a) => a.type), ['match']);
  });
});

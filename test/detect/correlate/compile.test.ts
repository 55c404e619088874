import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileCorrelation } from '../../../src/detect/correlate/index.ts';
import type { CompiledCorrelation, CompiledRule, RuleProblem } from '../../../src/detect/types.ts';
import { corr, docs, ev, min, rule, run } from './helpers.ts';

/** The examples of the Sigma Correlation Rules Specification (v2.0.x), written out as YAML. */
const SPEC_EVENT_COUNT = `
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100
`;
const SPEC_VALUE_COUNT = `
title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
        - WorkstationName
    timespan: 1d
    condition:
        field: User
        gte: 100
`;
const SPEC_TEMPORAL = `
title: recon
correlation:
    type: temporal
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - ComputerName
        - User
    timespan: 5m
`;
const SPEC_ALIASES = `
title: aliases
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`;
const SPEC_FAILED_THEN_SUCCESS = `
title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
falsepositives:
    - Unlikely
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`;

const ctx = { pos: { file: 'rules/mr_test.yml', line: 7 }, origin: 'extra' as const, file: 'mr_test.yml' };
const problemOf = (yamlText: string): RuleProblem => {
  const out = compileCorrelation(docs(yamlText)[0] ?? {}, ctx);
  assert.ok('reason' in out, 'expected a problem');
  return out;
};

describe('compileCorrelation: the specification examples', () => {
  it('event_count', () => {
    const c = corr(SPEC_EVENT_COUNT);
    assert.equal(c.type, 'event_count');
    assert.equal(c.ref.id, '0e95725d-7320-415d-80f7-004da920fc11');
    assert.deepEqual(c.ruleRefs, ['5638f7c0-ac70-491d-8465-2a65075e0d86']);
    assert.deepEqual(c.groupBy, ['ComputerName']);
    assert.equal(c.timespanMs, 3_600_000);
    assert.deepEqual(c.condition, { gte: 100 });
    assert.equal(c.generate, true);
    assert.equal(c.generateReferenced, false);
  });

  it('value_count takes the condition field', () => {
    const c = corr(SPEC_VALUE_COUNT);
    assert.deepEqual([c.type, c.groupBy, c.timespanMs, c.condition, c.field], ['value_count', ['ComputerName', 'WorkstationName'], 86_400_000, { gte: 100 }, 'User']);
  });

  it('temporal without a condition needs every referenced rule', () => {
    const c = corr(SPEC_TEMPORAL);
    assert.deepEqual([c.type, c.condition, c.timespanMs, c.ref.id.startsWith('file-')], ['temporal', { gte: 3 }, 300_000, true]);
  });

  it('aliases are kept per alias and rule name', () => {
    assert.deepEqual(corr(SPEC_ALIASES).aliases, {
      internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' },
      remote_ip: { internal_error: 'source.ip', new_network_connection: 'destination.ip' },
    });
  });

  it('failed logins followed by a successful login: the multi-document example runs end to end', () => {
    const all = docs(SPEC_FAILED_THEN_SUCCESS);
    const correlations = all.filter((d) => 'correlation' in d).map((d) => compileCorrelation(d, ctx)) as CompiledCorrelation[];
    assert.ok(correlations.every((c) => !('reason' in c)));
    assert.deepEqual(correlations.map((c) => [c.type, c.name, c.ref.level]), [['temporal_ordered', undefined, 'high'], ['event_count', 'multiple_failed_login', 'medium']]);
    const eventIds = (d: Record<string, unknown>): number[] => ((d.detection as { selection: { EventID: number[] } }).selection.EventID);
    const rules: CompiledRule[] = all.filter((d) => 'detection' in d).map((d) => {
      const ids = eventIds(d);
      return rule(String(d.id), (e) => ids.includes(e.winlog?.event_id ?? -1), { name: String(d.name), logsource: { product: 'windows', service: 'security' }, file: 'mr_test.yml' });
    });
    const logon = (m: number, user: string, id: number) => ev(min(m), { user: { name: user }, winlog: { channel: 'Security', event_id: id } });
    const events = [...Array.from({ length: 10 }, (_, i) => logon(i * 0.5, 'alice', 4625)), logon(6, 'alice', 4624), ...Array.from({ length: 10 }, (_, i) => logon(i, 'bob', 4625))];
    events.sort((a, b) => Date.parse(a['@timestamp'] ?? '') - Date.parse(b['@timestamp'] ?? ''));
    const { alerts, problems } = run(correlations, rules, events);
    assert.deepEqual(problems, []);
    assert.deepEqual(alerts.map((a) => [a.rule.id, a.group, a.event_total]), [['b180ead8-d58f-40b2-ae54-c8940995b9b6', { User: 'alice' }, 11]]);
  });
});

describe('compileCorrelation: parts and problems', () => {
  it('parses timespans and ranges', () => {
    const with_ = (timespan: string, condition: string) => corr(`title: t\ncorrelation: { type: event_count, rules: [r], group-by: [x], timespan: ${timespan}, condition: ${condition} }`);
    assert.deepEqual(['30s', '5m', '1h', '1d', '90m', '2w'].map((t) => with_(t, '{ gte: 1 }').timespanMs), [30_000, 300_000, 3_600_000, 86_400_000, 5_400_000, 1_209_600_000]);
    assert.deepEqual(with_('1h', '{ gt: 100, lte: 200 }').condition, { gt: 100, lte: 200 });
    assert.deepEqual(with_('1h', '{ neq: "3" }').condition, { neq: 3 });
  });

  it('reports broken correlations as invalid with the position, id and title', () => {
    const cases: [string, RegExp][] = [
      ['correlation: { type: nonsense, rules: [r], timespan: 1h, condition: { gte: 1 } }', /unknown correlation type/],
      ['correlation: { type: event_count, rules: [r], condition: { gte: 1 } }', /timespan/],
      ['correlation: { type: event_count, rules: [r], timespan: 10, condition: { gte: 1 } }', /timespan/],
      ['correlation: { type: event_count, rules: [r], timespan: 1x, condition: { gte: 1 } }', /timespan/],
      ['correlation: { type: event_count, rules: [r], timespan: 1h, condition: { greater: 1 } }', /unknown condition key "greater"/],
      ['correlation: { type: event_count, rules: [r], timespan: 1h, condition: { gte: many } }', /must be a number/],
      ['correlation: { type: event_count, rules: [r], timespan: 1h, condition: { field: x } }', /no bound/],
      ['correlation: { type: event_count, rules: [r], timespan: 1h }', /needs a condition/],
      ['correlation: { type: value_count, rules: [r], timespan: 1h, condition: { gte: 1 } }', /needs condition.field/],
      ['correlation: { type: event_count, timespan: 1h, condition: { gte: 1 } }', /at least one rule/],
      ['correlation: { type: event_count, rules: [r], timespan: 1h, condition: { gte: 1 }, generate: yes }', /generate must be true or false/],
      ['correlation: { type: temporal, rules: [r], timespan: 1h, aliases: { a: b } }', /alias a must map/],
      ['correlation: [1]', /must be a mapping/],
    ];
    for (const [body, reason] of cases) {
      const p = problemOf(`title: Broken\nid: broken-1\n${body}`);
      assert.equal(p.status, 'invalid', body);
      assert.match(p.reason, reason, body);
      assert.deepEqual([p.pos, p.id, p.title], [{ file: 'rules/mr_test.yml', line: 7 }, 'broken-1', 'Broken'], body);
    }
  });

  it('reports valid Sigma it does not run as unsupported', () => {
    for (const body of [
      'correlation: { type: value_percentile, rules: [r], timespan: 1h, condition: { field: x, gte: 1, percentile: 95 } }',
      'correlation: { type: temporal, rules: [a, b], timespan: 1h, condition: "a and not b" }',
    ]) {
      assert.equal(problemOf(`title: Unsupported\n${body}`).status, 'unsupported', body);
    }
  });
});

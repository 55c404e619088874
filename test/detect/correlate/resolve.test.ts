import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCorrelator } from '../../../src/detect/correlate/index.ts';
import { corr, failed, login, rule, run, sec, succeeded, testResolver } from './helpers.ts';

const eventCount = (id: string, refs: string[], opts: { name?: string; groupBy?: string; generate?: boolean; line?: number } = {}) =>
  corr(
    `
title: ${id}
id: ${id}
${opts.name === undefined ? '' : `name: ${opts.name}`}
correlation:
  type: event_count
  rules: [${refs.join(', ')}]
  group-by: [${opts.groupBy ?? 'source.ip'}]
  timespan: 10m
  condition: { gte: 3 }
  ${opts.generate === undefined ? '' : `generate: ${String(opts.generate)}`}
`,
    `rules/${id}.yml`,
    opts.line ?? 1,
  );

const rules = () => [rule('ssh-failed', failed, { name: 'ssh_failed' }), rule('ssh-success', succeeded, { name: 'ssh_success' })];
const three = (ip = '203.0.113.5') => [0, 1, 2].map((i) => login(sec(i), ip, 'root', 'failure'));

describe('createCorrelator: references', () => {
  it('an unresolvable reference is an invalid problem at the correlation file:line; the others still run', () => {
    const broken = eventCount('corr-broken', ['ssh_failed', 'no_such_rule'], { line: 12 });
    const fine = eventCount('corr-fine', ['ssh-failed']);
    const { alerts, problems } = run([broken, fine], rules(), three());
    assert.equal(problems.length, 1);
    assert.deepEqual([problems[0]?.status, problems[0]?.pos, problems[0]?.id], ['invalid', { file: 'rules/corr-broken.yml', line: 12 }, 'corr-broken']);
    assert.match(problems[0]?.reason ?? '', /"no_such_rule"/);
    // corr-fine referenced the rule by id, not name.
    assert.deepEqual(alerts.map((a) => a.rule.id), ['corr-fine']);
  });

  it('a correlation building on one that cannot run, and a reference cycle, are problems too', () => {
    const broken = eventCount('corr-broken', ['no_such_rule'], { name: 'broken' });
    const onBroken = eventCount('corr-on-broken', ['broken']);
    const a = eventCount('corr-a', ['loop_b'], { name: 'loop_a' });
    const b = eventCount('corr-b', ['loop_a'], { name: 'loop_b' });
    const { problems } = createCorrelator([broken, onBroken, a, b], rules(), testResolver);
    assert.deepEqual(problems.map((p) => [p.id, p.status]), [['corr-broken', 'invalid'], ['corr-on-broken', 'invalid'], ['corr-a', 'invalid'], ['corr-b', 'invalid']]);
    assert.match(problems[1]?.reason ?? '', /builds on correlation "corr-broken"/);
    assert.ok(problems.slice(2).some((p) => p.reason.includes('cycle')));
  });

  it('a group-by field unknown under the rule logsource is unsupported; a chained correlation must carry the group field', () => {
    const unmapped = eventCount('corr-unmapped', ['ssh_failed'], { groupBy: 'NoSuchField' });
    const inner = eventCount('corr-inner', ['ssh_failed'], { name: 'inner' });
    const outer = eventCount('corr-outer', ['inner'], { groupBy: 'user.name' });
    const { problems } = createCorrelator([unmapped, inner, outer], rules(), testResolver);
    assert.deepEqual(problems.map((p) => [p.id, p.status]), [['corr-unmapped', 'unsupported'], ['corr-outer', 'invalid']]);
    assert.match(problems[0]?.reason ?? '', /NoSuchField/);
    assert.match(problems[1]?.reason ?? '', /does not group by user\.name/);
  });

  it('an alias naming a rule the correlation does not reference is invalid', () => {
    const c = corr(`
title: stray alias
id: corr-stray
correlation:
  type: temporal
  rules: [ssh_failed, ssh_success]
  group-by: [ip]
  timespan: 1m
  aliases: { ip: { ssh_failed: source.ip, ssh_other: source.ip } }
`);
    const { problems } = createCorrelator([c], rules(), testResolver);
    assert.match(problems[0]?.reason ?? '', /alias ip names "ssh_other"/);
  });

  it('a name shared by rules of several files resolves to the one in the correlation file', () => {
    const here = rule('local-failed', failed, { name: 'failed', file: 'rules/corr-local.yml' });
    const there = rule('other-failed', () => true, { name: 'failed', file: 'rules/other.yml' });
    const c = eventCount('corr-local', ['failed']);
    const events = [...three(), login(sec(3), '203.0.113.5', 'root', 'success')];
    const { alerts } = run([c], [here, there], events);
    assert.deepEqual(alerts.map((a) => a.value), [3]);
    assert.deepEqual([here.generate, there.generate], [false, true]);
  });
});

describe('createCorrelator: generate', () => {
  it('default false silences the referenced rules; true keeps them; one true among several wins; unreferenced rules untouched', () => {
    const [f, s] = rules();
    assert.ok(f !== undefined && s !== undefined);
    const onlyFailed = eventCount('c1', ['ssh_failed']);
    const successQuiet = eventCount('c2', ['ssh_success']);
    const successLoud = eventCount('c3', ['ssh_success'], { generate: true });
    const spare = rule('spare', () => false);
    createCorrelator([onlyFailed, successQuiet, successLoud], [f, s, spare], testResolver);
    assert.deepEqual([f.generate, s.generate, spare.generate], [false, true, true]);
  });

  it('a rule referenced only by a correlation that cannot run keeps alerting', () => {
    const [f] = rules();
    assert.ok(f !== undefined);
    createCorrelator([eventCount('c1', ['ssh_failed', 'missing'])], [f], testResolver);
    assert.equal(f.generate, true);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeIncident, type SummaryProgress } from '../../../src/assist/summarize/index.ts';
import { LlmError, type ChatRequest } from '../../../src/assist/providers/types.ts';
import type { Alert } from '../../../src/schema/alert.ts';
import { buildIncident } from '../../../src/triage/build.ts';
import { resolveOptions } from '../../../src/triage/options.ts';
import { at, makeAlert } from '../../helpers/alerts.ts';
import { ScriptedProvider, reply, wordTokens, type ScriptStep } from '../../helpers/scripted-provider.ts';

function spray(count: number): Alert[] {
  return Array.from({ length: count }, (_, i) =>
    makeAlert({
      rule: i % 7 === 0 ? 'ssh-invalid-user' : 'ssh-failed-password',
      title: i % 7 === 0 ? 'SSH login for an invalid user' : 'SSH failed password',
      level: i % 7 === 0 ? 'medium' : 'low',
      tags: ['attack.credential-access', 'attack.t1110.003'],
      at: at(i / 10),
      ip: ['203.0.113.9'],
      user: [`user${i}`],
      host: ['web-01'],
      n: i,
    }),
  );
}

function evidenceFor(alerts: readonly Alert[]): Map<string, string> {
  const lines = new Map<string, string>();
  alerts.forEach((alert, i) => {
    for (const id of alert.event_ids) lines.set(id, `Nov 20 10:${String(i % 60).padStart(2, '0')}:01 web-01 sshd[4242]: Failed password for user${i} from 203.0.113.9 port ${40000 + i} ssh2`);
  });
  return lines;
}

const isMap = (request: ChatRequest) => (request.messages[0]?.content ?? '').includes('You summarise part of a security incident');
const WORDY = 'The source 203.0.113.9 sprayed passwords against many accounts on web-01 over SSH, matching T1110.003. '.repeat(30);

describe('incident summaries (map-reduce)', () => {
  it('summarises 5,000 alerts in a 2,048-token window: every request fits, every line is read once, merges recurse', async () => {
    const alerts = spray(5000);
    const incident = buildIncident(alerts, resolveOptions({}));
    assert.equal(incident.alerts.length, 5000);
    const provider = new ScriptedProvider({ contextTokens: 2048, script: (request) => reply(isMap(request) ? WORDY : `Merged: ${WORDY}`, 64) });
    const progress: SummaryProgress[] = [];
    const result = await summarizeIncident(provider, incident, alerts, { evidence: evidenceFor(alerts), onProgress: (p) => progress.push(p) });
    assert.equal(result.fallback, null);
    assert.deepEqual(provider.violations, []);
    assert.ok(provider.largestRequest <= 2048, `largest request ${provider.largestRequest}`);
    assert.equal(result.calls, provider.requests.length);
    const maps = provider.requests.filter(isMap);
    const seen = maps.flatMap((r) => [...(r.messages[1]?.content ?? '').matchAll(/^L(\d+) /gm)].map((m) => Number(m[1])));
    assert.deepEqual(seen, Array.from({ length: 5000 }, (_, i) => i + 1), 'each line once, in order');
    assert.ok(maps.some((r) => (r.messages[1]?.content ?? '').includes('evidence: «Nov 20')), 'evidence lines are included while they fit');
    const levels = new Set(progress.filter((p) => p.phase === 'reduce').map((p) => p.level));
    assert.ok(levels.size >= 2, `merge rounds: ${[...levels].join(',')}`);
    assert.deepEqual(progress.at(-1), { phase: 'reduce', level: Math.max(...levels), done: 1, total: 1, calls: result.calls });
    assert.ok(result.summary.startsWith('Merged: The source 203.0.113.9'));
    assert.deepEqual(result.flagged, []);
    assert.deepEqual(result.promptVersions, { map: 'summary-map.v1', reduce: 'summary-reduce.v1' });
  });

  it('keeps every request within the window when token counts of parts do not add up', async () => {
    const alerts = spray(600);
    const incident = buildIncident(alerts, resolveOptions({}));
    const lumpy = (text: string) => wordTokens(text) + Math.floor(text.length / 400) ** 2;
    const provider = new ScriptedProvider({ contextTokens: 3000, countTokens: lumpy, script: () => reply('Part: 203.0.113.9 sprayed passwords. '.repeat(12)) });
    const result = await summarizeIncident(provider, incident, alerts, { evidence: evidenceFor(alerts) });
    assert.equal(result.fallback, null);
    assert.deepEqual(provider.violations, []);
    assert.ok(provider.requests.length > 3);
  });

  it('summarises a small incident in one call and flags what the summary invents', async () => {
    const alerts = spray(3);
    const incident = buildIncident(alerts, resolveOptions({}));
    const provider = new ScriptedProvider({ script: [reply('203.0.113.9 tried user0, user1 and user2 on web-01; 198.51.100.77 helped.')] });
    const result = await summarizeIncident(provider, incident, alerts, { evidence: evidenceFor(alerts) });
    assert.equal(result.calls, 1);
    assert.equal(result.fallback, null);
    assert.deepEqual(result.flagged.map((f) => `${f.kind}:${f.value}`), ['ip:198.51.100.77']);
    const user = provider.requests[0]!.messages[1]!.content;
    assert.match(user, /^This is part 1 of 1 of the incident's alert lines \(lines 1 to 3 of 3/);
    assert.ok(user.includes(`Severity ${incident.severity} (score ${incident.score}); confidence`));
    assert.equal(provider.requests[0]!.maxTokens, 320);
  });

  it('falls back to the deterministic narrative on a failure part-way, counting the calls made', async () => {
    const alerts = spray(400);
    const incident = buildIncident(alerts, resolveOptions({}));
    const script = (_: ChatRequest, index: number): ScriptStep => (index < 2 ? reply('Part done for 203.0.113.9.') : { error: new LlmError('http', 'HTTP 500 from the server') });
    const provider = new ScriptedProvider({ contextTokens: 2048, script });
    const result = await summarizeIncident(provider, incident, alerts);
    assert.equal(result.summary, incident.summary);
    assert.equal(result.fallback, 'provider: http: HTTP 500 from the server');
    assert.equal(result.calls, 3);
    assert.deepEqual(result.flagged, []);
  });

  it('falls back on a timeout, an abort and a context too small to hold anything, sending nothing then', async () => {
    const alerts = spray(5);
    const incident = buildIncident(alerts, resolveOptions({}));
    const slow = await summarizeIncident(new ScriptedProvider({ script: [{ hang: true }] }), incident, alerts, { timeoutMs: 30 });
    assert.match(slow.fallback ?? '', /^timeout: /);
    const controller = new AbortController();
    controller.abort();
    const aborted = await summarizeIncident(new ScriptedProvider({ script: [reply('x')] }), incident, alerts, { signal: controller.signal });
    assert.match(aborted.fallback ?? '', /^aborted: /);
    const tiny = new ScriptedProvider({ contextTokens: 512, script: [reply('x')] });
    const small = await summarizeIncident(tiny, incident, alerts);
    assert.match(small.fallback ?? '', /^budget: /);
    assert.equal(small.summary, incident.summary);
    assert.equal(tiny.requests.length, 0);
  });

  it('leaves evidence out of a line that would not fit with it, and caps each evidence line', async () => {
    const alerts = spray(2);
    const incident = buildIncident(alerts, resolveOptions({}));
    const evidence = new Map([[alerts[0]!.event_ids[0]!, 'A'.repeat(50_000)], [alerts[1]!.event_ids[0]!, 'short line for user1']]);
    const provider = new ScriptedProvider({ script: [reply('Summary.')], contextTokens: 1400, countTokens: (t) => Math.ceil(t.length / 3) });
    const result = await summarizeIncident(provider, incident, alerts, { evidence });
    assert.equal(result.fallback, null);
    const user = provider.requests[0]!.messages[1]!.content;
    assert.ok(user.includes('«short line for user1»'));
    assert.match(user, /«A+… \(cut; 50000 characters in all\)»/);
    assert.ok(provider.requestTokens(provider.requests[0]!) <= 1400);
  });
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { Answer } from '../../src/schema/assist.ts';
import { openStore } from '../../src/store/index.ts';
import { json, runCli, runCliAsync } from '../helpers/cli.ts';
import { startLlmServer, type FakeLlmServer } from '../helpers/llm-servers.ts';
import { redisOrSkip } from '../helpers/redis.ts';
import { tempDirs } from '../helpers/temp.ts';

type AskJson = Answer & { session: string };

const dirs = tempDirs('ask');
let cwd = '';
let ollama: FakeLlmServer;
const env = { OLLAMA_HOST: '', VIGIL_CONFIG: '' };

before(async () => {
  cwd = dirs.fresh();
  const demo = runCli(['demo', 'demo', '--volume', '800', '--seed', '3'], { cwd });
  assert.equal(demo.status, 0, demo.stderr);
  const analyze = runCli(['analyze', 'demo/logs', '-q'], { cwd });
  assert.equal(analyze.status, 0, analyze.stderr);
  ollama = await startLlmServer('ollama', { models: ['llama3.2:latest'] });
});
after(() => ollama.close());

function withConfig(config: Record<string, unknown>): string[] {
  const file = join(cwd, `config-${String(Math.random()).slice(2)}.yml`);
  writeFileSync(file, stringify(config));
  return ['--config', file];
}

function eventIdsExist(ids: readonly string[]): boolean {
  const store = openStore(join(cwd, 'vigil.db'), { readonly: true });
  try {
    const found = store.db.prepare('SELECT count(*) FROM events WHERE id = ?').pluck();
    return ids.every((id) => found.get(Buffer.from(id, 'hex')) === 1);
  } finally {
    store.close();
  }
}

describe('vigil ask', () => {
  it('answers without a model from facts whose cited events exist, and keeps the exchange in a session', async () => {
    const run = await runCliAsync(['ask', '--json', 'Are there any indicators of a brute-force attack?'], { cwd, env });
    assert.equal(run.status, 0, run.stderr);
    const answer = json<AskJson>(run);
    assert.deepEqual([answer.intent, answer.provider, answer.model, answer.fallback, answer.cached], ['brute-force', 'none', null, null, false]);
    assert.match(answer.answer, /T1110/);
    assert.ok(answer.facts.length > 0);
    const events = answer.citations.filter((c) => c.kind === 'event').map((c) => c.id);
    assert.ok(events.length > 0 && eventIdsExist(events));
    assert.match(answer.session, /^[0-9a-f]{12}$/);
    const list = json<{ sessions: { id: string; messages: number }[] }>(await runCliAsync(['chat', 'list', '--json'], { cwd, env }));
    assert.equal(list.sessions.find((s) => s.id === answer.session)?.messages, 2);
  });

  it('streams a model answer over the Ollama wire protocol and flags an IP the evidence does not hold', async () => {
    ollama.replyWith({ deltas: ['Brute force came from ', '203.0.113.', '45 and from 8.8.4.4 [F1].'], chunking: { every: 7 } });
    const args = withConfig({ llm: { provider: 'ollama', model: 'llama3.2', baseUrl: ollama.origin } });
    const run = await runCliAsync([...args, 'ask', '--json', 'Are there any indicators of a brute-force attack?'], { cwd, env });
    assert.equal(run.status, 0, run.stderr);
    const answer = json<AskJson>(run);
    assert.deepEqual([answer.provider, answer.model, answer.fallback], ['ollama', 'llama3.2', null]);
    assert.match(answer.answer, /8\.8\.4\.4/);
    assert.deepEqual(answer.flagged.map((f) => [f.kind, f.value]), [['ip', '8.8.4.4']]);
    const sent = ollama.requests.at(-1)?.body as { messages: { content: string }[]; stream: boolean };
    assert.equal(sent.stream, true);
    assert.match(JSON.stringify(sent.messages), /203\.0\.113\.45/, 'the facts reach the model as evidence');
  });

  it('falls back to the deterministic answer when the model server fails, and says why', async () => {
    ollama.replyWith({ status: 500, message: 'out of memory' });
    const args = withConfig({ llm: { provider: 'ollama', model: 'llama3.2', baseUrl: ollama.origin, retries: 0 } });
    const run = await runCliAsync([...args, 'ask', 'What is the most critical threat detected?'], { cwd, env });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /## /);
    assert.match(run.stdout, /The model was not used \(.*out of memory.*\); this is the deterministic answer/);
  });

  it('shares answers through a Redis cache until the data changes', async (t) => {
    const url = await redisOrSkip(t);
    if (url === undefined) return;
    const args = withConfig({ assist: { cache: { redisUrl: url, ttlSeconds: 60 } } });
    const question = `Show all suspicious IP addresses and their activities ${String(Date.now())}`;
    const first = json<AskJson>(await runCliAsync([...args, 'ask', '--json', '-m', 'advanced', question], { cwd, env }));
    const second = json<AskJson>(await runCliAsync([...args, 'ask', '--json', '-m', 'advanced', question], { cwd, env }));
    assert.deepEqual([first.cached, second.cached], [false, true]);
    assert.equal(second.answer, first.answer);
    const forensic = json<AskJson>(await runCliAsync([...args, 'ask', '--json', '-m', 'forensic', question], { cwd, env }));
    assert.equal(forensic.cached, false, 'another mode is another answer');
    writeFileSync(join(cwd, 'more.log'), 'Jan 10 10:00:00 bastion-01 sshd[1]: Failed password for root from 192.0.2.99 port 2222 ssh2\n');
    assert.equal(runCli(['ingest', 'more.log', '-q'], { cwd }).status, 0);
    const third = json<AskJson>(await runCliAsync([...args, 'ask', '--json', '-m', 'advanced', question], { cwd, env }));
    assert.equal(third.cached, false, 'new events invalidate the cache');
    assert.notEqual(third.revision, first.revision);
  });

  it('embeds templates at ingest and questions at ask time with the provider when it has an embedding model', async (t) => {
    const dir = dirs.fresh();
    writeFileSync(join(dir, 'auth.log'), [
      'Jan 10 10:00:00 bastion-01 sshd[1]: Failed password for root from 192.0.2.7 port 2222 ssh2',
      'Jan 10 10:00:05 bastion-01 sshd[1]: Accepted publickey for deploy from 10.0.0.8 port 2223 ssh2',
      'Jan 10 10:01:00 bastion-01 CRON[9]: (root) CMD (run-parts /etc/cron.hourly)',
    ].join('\n') + '\n');
    const server = await startLlmServer('ollama', { models: ['llama3.2:latest', 'nomic-embed-text:latest'] });
    t.after(() => server.close());
    writeFileSync(join(dir, 'vigil.config.yml'), stringify({ llm: { provider: 'ollama', model: 'llama3.2', embedModel: 'nomic-embed-text', baseUrl: server.origin } }));
    const ingested = await runCliAsync(['ingest', 'auth.log', '--json'], { cwd: dir, env });
    assert.equal(ingested.status, 0, ingested.stderr);
    assert.equal(json<{ vectorError?: string }>(ingested).vectorError, undefined);
    const embedAtIngest = server.requests.filter((r) => r.route === 'embed');
    assert.ok(embedAtIngest.length > 0, 'templates embedded by the provider');
    assert.equal((embedAtIngest[0]?.body as { model: string }).model, 'nomic-embed-text');
    server.replyWith({ deltas: ['Scheduled jobs ran [F1].'] });
    const mark = server.requests.length;
    const run = await runCliAsync(['ask', '--json', 'which scheduled jobs were executed'], { cwd: dir, env });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(json<AskJson>(run).intent, 'free');
    const routes = server.requests.slice(mark).map((r) => r.route);
    assert.deepEqual(routes.filter((r) => r !== 'models'), ['embed', 'chat'], 'the question is embedded, then narrated');
  });

  it('records every question in the audit chain', async () => {
    const audit = json<{ entries: { action: string; details: { intent?: string } }[] }>(await runCliAsync(['audit', '--json', '--action', 'question'], { cwd, env }));
    assert.ok(audit.entries.length >= 3);
    assert.ok(audit.entries.some((e) => e.details.intent === 'brute-force'));
    assert.equal((await runCliAsync(['audit', 'verify'], { cwd, env })).status, 0);
  });
});

describe('vigil show --summarize', () => {
  it('has the model summarise an incident over the wire, and falls back to the narrative when the model fails', async (t) => {
    const incidents = json<{ incidents: { id: string; summary: string; entities: { source_ip: string[] } }[] }>(await runCliAsync(['incidents', '--json'], { cwd, env }));
    const incident = incidents.incidents.find((i) => i.entities.source_ip.includes('203.0.113.45'));
    assert.ok(incident !== undefined);
    const args = withConfig({ llm: { provider: 'ollama', model: 'llama3.2', baseUrl: ollama.origin, retries: 0 } });
    for (let i = 0; i < 4; i++) ollama.replyWith({ deltas: ['SSH brute force against root from ', '203.0.113.45 on bastion-01.'] });
    const mark = ollama.requests.length;
    const run = await runCliAsync([...args, 'show', incident.id, '--summarize', '--json'], { cwd, env });
    assert.equal(run.status, 0, run.stderr);
    const shown = json<{ llm_summary: { summary: string; fallback: string | null; calls: number; provider: string; flagged: unknown[] } }>(run);
    assert.equal(shown.llm_summary.fallback, null);
    assert.equal(shown.llm_summary.provider, 'ollama');
    assert.match(shown.llm_summary.summary, /203\.0\.113\.45/);
    assert.deepEqual(shown.llm_summary.flagged, []);
    assert.equal(ollama.requests.slice(mark).filter((r) => r.route === 'chat').length, shown.llm_summary.calls);
    const broken = await startLlmServer('ollama', { models: ['llama3.2:latest'] });
    t.after(() => broken.close());
    for (let i = 0; i < 4; i++) broken.replyWith({ status: 500, message: 'model crashed' });
    const brokenArgs = withConfig({ llm: { provider: 'ollama', model: 'llama3.2', baseUrl: broken.origin, retries: 0 } });
    const failed = json<{ llm_summary: { summary: string; fallback: string | null } }>(await runCliAsync([...brokenArgs, 'show', incident.id, '--summarize', '--json'], { cwd, env }));
    assert.match(failed.llm_summary.fallback ?? '', /model crashed/);
    assert.equal(failed.llm_summary.summary, incident.summary);
  });
});

describe('vigil chat', () => {
  it('answers piped questions in one session (numbers pick example questions) and exports it as Markdown', async () => {
    const run = await runCliAsync(['chat', '--json'], { cwd, env, input: '2\n/mode forensic\nWhat did 203.0.113.45 do?\n/quit\nnever asked\n' });
    assert.equal(run.status, 0, run.stderr);
    const answers = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as AskJson);
    assert.equal(answers.length, 2);
    assert.equal(answers[0]?.question, 'Show all suspicious IP addresses and their activities');
    assert.equal(answers[0]?.mode, 'basic');
    assert.equal(answers[1]?.mode, 'forensic');
    assert.equal(answers[1]?.intent, 'entity');
    assert.equal(answers[0]?.session, answers[1]?.session);
    const file = join(cwd, 'chat.md');
    const exported = await runCliAsync(['chat', 'export', (answers[0]?.session ?? '').slice(0, 6), '-o', file, '--json'], { cwd, env });
    assert.equal(exported.status, 0, exported.stderr);
    const md = (await import('node:fs')).readFileSync(file, 'utf8');
    assert.match(md, /## Q1\. Show all suspicious IP addresses and their activities/);
    assert.match(md, /## Q2\. What did 203\.0\.113\.45 do\?/);
    assert.match(md, /### Evidence/);
    assert.doesNotMatch(md, /never asked/);
  });

  it('refuses an unknown session or action with a usage error', async () => {
    assert.equal((await runCliAsync(['chat', 'export', 'ffffffff'], { cwd, env })).status, 2);
    assert.equal((await runCliAsync(['chat', 'dance'], { cwd, env })).status, 2);
    assert.equal((await runCliAsync(['ask', '--mode', 'deep', 'hi'], { cwd, env })).status, 2);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { json, runCli } from '../helpers/cli.ts';
import { rewindStore } from '../helpers/old-store.ts';

const AUTH = [
  'Mar  3 10:00:01 bastion sshd[101]: Failed password for root from 203.0.113.9 port 40001 ssh2',
  'Mar  3 10:00:03 bastion sshd[101]: Failed password for invalid user admin from 203.0.113.9 port 40002 ssh2',
  'Mar  3 10:00:05 bastion sshd[102]: message repeated 3 times: [ Failed password for root from 203.0.113.9 port 40003 ssh2]',
  'Mar  3 10:01:00 bastion sshd[103]: Accepted password for alice from 198.51.100.4 port 50000 ssh2',
  'Mar  3 10:02:00 bastion sshd[104]: Invalid user \u001b[31mevil\u001b]0;pwned\u0007 from 203.0.113.9 port 40004',
].join('\n');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'auth.log'), `${AUTH}\n`);
  writeFileSync(join(dir, 'logs', 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 0, 0, 255, 0, 7, 0, 0, 1, 0, 0, 0]));
  return dir;
}

interface IngestJson {
  db: string;
  runId: number;
  files: { path: string; format?: string; events: number; inserted: number; updated?: number; problem?: string; sameLogAs?: string; tz?: string }[];
  totals: { files: number; events: number; inserted: number; duplicates: number; updated: number; errors: number; problems: number };
  parseThread: boolean;
}

describe('vigil CLI', () => {
  it('offers --help on every verb and lists them all', () => {
    const dir = workspace();
    const top = runCli(['--help'], { cwd: dir });
    assert.equal(top.status, 0);
    for (const command of COMMANDS) {
      assert.match(top.stdout, new RegExp(`\\b${command.name}\\b`));
      const help = runCli([command.name, '--help'], { cwd: dir });
      assert.equal(help.status, 0, `${command.name} --help`);
      assert.match(help.stdout, /--json/, `${command.name} --help shows the global --json`);
    }
  });

  it('ingests with --json, reports unreadable inputs, and adds nothing on a re-run', () => {
    const dir = workspace();
    const first = runCli(['ingest', 'logs', '--year', '2024', '--json'], { cwd: dir });
    assert.equal(first.status, 1, 'partial: the binary input was not read');
    const report = json<IngestJson>(first);
    assert.equal(report.totals.files, 2);
    assert.equal(report.totals.problems, 1);
    const auth = report.files.find((f) => f.path.endsWith('auth.log'));
    assert.equal(auth?.format, 'syslog');
    assert.equal(auth?.events, 5);
    assert.match(report.files.find((f) => f.path.endsWith('blob.bin'))?.problem ?? '', /binary/);
    // Small inputs are parsed inline unless --parse-thread says otherwise; --no-parse-thread is taken too.
    assert.equal(report.parseThread, false);
    const again = json<IngestJson>(runCli(['ingest', 'logs/auth.log', '--parse-thread', '--json'], { cwd: dir }));
    assert.equal(again.parseThread, true);
    assert.equal(again.totals.inserted, 0);
    assert.equal(again.totals.duplicates, 5);
    const inline = json<IngestJson>(runCli(['ingest', 'logs/auth.log', '--no-parse-thread', '--json'], { cwd: dir }));
    assert.equal(inline.parseThread, false);
    assert.equal(inline.totals.duplicates, 5);
    assert.equal(inline.totals.updated, 0);
  });

  it('with --refresh, updates the stored events this version reads differently (also from the parse thread)', () => {
    const dir = workspace();
    assert.equal(runCli(['ingest', 'logs/auth.log', '--year', '2024'], { cwd: dir }).status, 0);
    // As an older reader would have stored them: two events without their action and user.
    const db = new Database(join(dir, 'vigil.db'));
    db.prepare("UPDATE events SET action = 'unknown', user_name = NULL WHERE rowid IN (1, 4)").run();
    db.close();
    const run = runCli(['ingest', 'logs/auth.log', '--year', '2024', '--refresh', '--parse-thread', '--json'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const report = json<IngestJson>(run);
    assert.deepEqual([report.totals.inserted, report.totals.updated, report.totals.duplicates], [0, 2, 3]);
    assert.equal(report.files[0]?.updated, 2);
    const text = runCli(['ingest', 'logs/auth.log', '--year', '2024', '--refresh'], { cwd: dir });
    assert.match(text.stdout, /5 already stored, 0 record errors/, 'nothing left to update');
    const users = json<{ topUsers: { value: string }[] }>(runCli(['stats', '--json'], { cwd: dir })).topUsers.map((u) => u.value);
    assert.ok(users.includes('alice') && users.includes('root'), users.join(','));
  });

  it('reads the inputs a --tz-for rule matches in its zone, inline and on the parse thread, and says so per file', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'logs', 'dc01'));
    writeFileSync(join(dir, 'logs', 'dc01', 'auth.log'), `${AUTH}\n`);
    const run = runCli(['ingest', 'logs', '--year', '2024', '--tz', '+01:00', '--tz-for', 'dc01/**=America/New_York', '--tz-for', '*.bin=UTC', '--json'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    const report = json<IngestJson>(run);
    assert.deepEqual(report.files.map((f) => [f.path.replace(/\\/g, '/'), f.tz]), [['logs/auth.log', undefined], ['logs/blob.bin', 'UTC'], ['logs/dc01/auth.log', 'America/New_York']]);
    const db = new Database(join(dir, 'vigil.db'), { readonly: true });
    const first = (path: string) => (db.prepare('SELECT ts FROM events WHERE file_path LIKE ? ORDER BY line LIMIT 1').get(`%${path}`) as { ts: string }).ts;
    assert.deepEqual([first('logs/auth.log'), first('dc01/auth.log')], ['2024-03-03T09:00:01.000Z', '2024-03-03T15:00:01.000Z']);
    const options = JSON.parse((db.prepare('SELECT options FROM ingest_runs ORDER BY id DESC LIMIT 1').get() as { options: string }).options) as { zones?: unknown };
    assert.deepEqual(options.zones, [{ pattern: 'dc01/**', tz: 'America/New_York' }, { pattern: '*.bin', tz: 'UTC' }], 'the run records its rules');
    db.close();
    // The parse thread takes the same zone: another store, the same times.
    const threaded = runCli(['ingest', 'logs/dc01/auth.log', '--db', 'threaded.db', '--year', '2024', '--tz-for', 'dc01/**=America/New_York', '--parse-thread'], { cwd: dir });
    assert.equal(threaded.status, 0, threaded.stderr);
    assert.match(threaded.stdout, /syslog, times in America\/New_York/);
    const other = new Database(join(dir, 'threaded.db'), { readonly: true });
    assert.equal((other.prepare('SELECT ts FROM events ORDER BY line LIMIT 1').get() as { ts: string }).ts, '2024-03-03T15:00:01.000Z');
    other.close();
    assert.equal(runCli(['ingest', 'logs', '--tz-for', 'Europe/Berlin'], { cwd: dir }).status, 2, 'a rule without a pattern is a usage error');
    assert.equal(runCli(['ingest', 'logs', '--tz-for', 'dc01/**=Mars/Olympus'], { cwd: dir }).status, 3, 'an unknown zone a configuration error');
  });

  it("takes the configuration's ingest.tz and ingest.tzFor when the command line gives none, its own rules first", () => {
    const dir = workspace();
    mkdirSync(join(dir, 'logs', 'dc01'));
    writeFileSync(join(dir, 'logs', 'dc01', 'auth.log'), `${AUTH}\n`);
    writeFileSync(join(dir, 'vigil.config.yml'), "ingest:\n  tz: '+02:00'\n  tzFor:\n    - 'dc01/**=America/New_York'\n");
    const first = (db: string, path: string) => {
      const store = new Database(join(dir, db), { readonly: true });
      try {
        return (store.prepare('SELECT ts FROM events WHERE file_path LIKE ? ORDER BY line LIMIT 1').get(`%${path}`) as { ts: string }).ts;
      } finally {
        store.close();
      }
    };
    assert.equal(runCli(['ingest', 'logs', '--year', '2024'], { cwd: dir }).status, 1);
    assert.deepEqual([first('vigil.db', 'logs/auth.log'), first('vigil.db', 'dc01/auth.log')], ['2024-03-03T08:00:01.000Z', '2024-03-03T15:00:01.000Z']);
    assert.equal(runCli(['ingest', 'logs', '--db', 'cli.db', '--year', '2024', '--tz', 'UTC', '--tz-for', 'dc01/**=+01:00'], { cwd: dir }).status, 1);
    assert.deepEqual([first('cli.db', 'logs/auth.log'), first('cli.db', 'dc01/auth.log')], ['2024-03-03T10:00:01.000Z', '2024-03-03T09:00:01.000Z'], 'the command line wins');
    writeFileSync(join(dir, 'vigil.config.yml'), "ingest:\n  tzFor:\n    - 'dc01/**=Mars/Olympus'\n");
    const bad = runCli(['ingest', 'logs', '--json'], { cwd: dir });
    assert.equal(bad.status, 3);
    assert.match(json<{ error: { message: string } }>(bad).error.message, /ingest\.tzFor.*Mars\/Olympus/);
  });

  it('exits 4 when nothing can be read and 2 on usage errors, with a JSON error', () => {
    const dir = workspace();
    const missing = runCli(['ingest', 'nope.log', '--json'], { cwd: dir });
    assert.equal(missing.status, 4);
    assert.match(json<IngestJson>(missing).files[0]?.problem ?? '', /no such file/);
    assert.equal(runCli(['ingest', 'logs', '--format', 'nosuch'], { cwd: dir }).status, 2);
    const badTz = runCli(['ingest', 'logs', '--tz', 'Mars/Olympus', '--json'], { cwd: dir });
    assert.equal(badTz.status, 3);
    assert.equal(json<{ error: { code: string } }>(badTz).error.code, 'E_CONFIG');
    assert.equal(runCli(['frobnicate'], { cwd: dir }).status, 2);
    const usage = runCli(['search', '--limit'], { cwd: dir, env: {} });
    assert.equal(usage.status, 2);
    const unknownOption = runCli(['stats', '--json', '--frobnicate'], { cwd: dir });
    assert.equal(unknownOption.status, 2);
    assert.equal(json<{ error: { code: string } }>(unknownOption).error.code, 'E_USAGE');
  });

  it('reads stdin with -', () => {
    const dir = workspace();
    const run = runCli(['ingest', '-', '--json'], { cwd: dir, input: `${AUTH}\n` });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(json<IngestJson>(run).totals.events, 5);
  });

  it('names the log that a renamed copy repeats, and adds only its new records', () => {
    const dir = workspace();
    const log = Array.from({ length: 40 }, () => AUTH).join('\n');
    writeFileSync(join(dir, 'logs', 'big.log'), `${log}\n`);
    assert.equal(runCli(['ingest', 'logs/big.log', '--year', '2024'], { cwd: dir }).status, 0);
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'big.log.1'), `${log}\n${AUTH}\n`);
    const run = json<IngestJson>(runCli(['ingest', 'old/big.log.1', '--year', '2024', '--json'], { cwd: dir }));
    assert.deepEqual(run.files.map((f) => [f.events, f.inserted, f.sameLogAs]), [[205, 5, join(dir, 'logs', 'big.log')]]);
    writeFileSync(join(dir, 'old', 'big.log.2'), `${log}\n`);
    const text = runCli(['ingest', 'old/big.log.2', '--year', '2024'], { cwd: dir });
    assert.match(text.stdout, /old\/big\.log\.2: starts as .*logs\/big\.log did \(the same log, renamed, copied or grown\)/);
    assert.match(text.stdout, /0 new, 200 already stored/);
  });

  it('says on stderr when it upgrades an older store, and not for a new one', () => {
    const dir = workspace();
    const first = runCli(['ingest', 'logs/auth.log', '--year', '2024', '--json'], { cwd: dir });
    assert.equal(first.status, 0, first.stderr);
    assert.doesNotMatch(first.stderr, /upgrading/);
    const db = new Database(join(dir, 'vigil.db'));
    rewindStore(db, 9);
    db.close();
    const stats = runCli(['stats', '--json'], { cwd: dir });
    assert.equal(stats.status, 0, stats.stderr);
    assert.equal(json<{ events: number }>(stats).events, 5);
    assert.match(stats.stderr, new RegExp(`^vigil: upgrading the store .*vigil\\.db \\(5 events\\) from schema version 9 to ${String(SCHEMA_VERSION)} \\(10: full-text index`));
    assert.doesNotMatch(runCli(['stats', '--json'], { cwd: dir }).stderr, /upgrading/);
  });

  it('searches by words and fields, and audits every search', () => {
    const dir = workspace();
    runCli(['ingest', 'logs/auth.log', '--year', '2024'], { cwd: dir });
    const found = json<{ total: number; events: { source?: { ip?: string }; event: { count?: number } }[] }>(
      runCli(['search', 'Failed', 'password', '--field', 'source.ip=203.0.113.9', '--json'], { cwd: dir }),
    );
    assert.equal(found.total, 3);
    assert.ok(found.events.every((e) => e.source?.ip === '203.0.113.9'));
    assert.equal(found.events[2]?.event.count, 3);
    const syntax = runCli(['search', '"unbalanced', 'NEAR(', '*', '--json'], { cwd: dir });
    assert.equal(syntax.status, 0, syntax.stderr);
    const windowed = json<{ total: number }>(runCli(['search', '--since', '2024-03-03T10:00:30Z', '--until', '2024-03-03T10:01:30Z', '--json'], { cwd: dir }));
    assert.equal(windowed.total, 1);
    const audit = json<{ entries: { action: string; actor: string }[] }>(runCli(['audit', '--action', 'search', '--json'], { cwd: dir }));
    assert.equal(audit.entries.length, 3);
    assert.match(audit.entries[0]?.actor ?? '', /^cli:/);
    const verify = runCli(['audit', 'verify', '--json'], { cwd: dir });
    assert.equal(verify.status, 0);
    // ingest, the vector index update at its end, three searches
    assert.deepEqual(json<{ ok: boolean; records: number }>(verify), { ok: true, records: 5 });
  });

  it('never lets log content drive the terminal (escape sequences are shown, not sent)', () => {
    const dir = workspace();
    runCli(['ingest', 'logs/auth.log', '--year', '2024'], { cwd: dir });
    const text = runCli(['search', 'Invalid'], { cwd: dir });
    assert.equal(text.status, 0);
    assert.ok(!text.stdout.includes('\u001b'), 'no raw ESC byte reaches the terminal');
    assert.ok(!text.stdout.includes('\u0007'), 'no raw BEL byte reaches the terminal');
    assert.match(text.stdout, /\\u001b\[31mevil/);
  });

  it('prints stats and the format registry as documented JSON', () => {
    const dir = workspace();
    runCli(['ingest', 'logs/auth.log', '--year', '2024'], { cwd: dir });
    const stats = json<{ events: number; occurrences: number; byFormat: { value: string; count: number }[]; topSourceIps: { value: string }[] }>(
      runCli(['stats', '--json'], { cwd: dir }),
    );
    assert.equal(stats.events, 5);
    assert.equal(stats.occurrences, 7, 'message repeated 3 times counts 3');
    assert.deepEqual(stats.byFormat, [{ value: 'syslog', count: 5 }]);
    assert.equal(stats.topSourceIps[0]?.value, '203.0.113.9');
    const formats = json<{ formats: { id: string }[] }>(runCli(['formats', '--json'], { cwd: dir }));
    assert.deepEqual(formats.formats.map((f) => f.id), FORMATS.map((f) => f.id));
  });

  it('uses --db and keeps stores apart', () => {
    const dir = workspace();
    runCli(['--db', 'a.db', 'ingest', 'logs/auth.log'], { cwd: dir });
    const a = json<{ events: number }>(runCli(['stats', '--db', 'a.db', '--json'], { cwd: dir }));
    const b = json<{ events: number }>(runCli(['stats', '--db', 'b.db', '--json'], { cwd: dir }));
    assert.equal(a.events, 5);
    assert.equal(b.events, 0);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ECS_PATHS } from '../../../src/detect/mapping/ecs-paths.ts';
import { createResolver, defaultResolver } from '../../../src/detect/mapping/index.ts';
import { eventOf, line, read } from './helpers.ts';

/** The resolver as a whole: unsupported logsources, our schema names, keywords, getters built once. */

test('logsources we have no data for are unsupported, not empty', () => {
  for (const logsource of [
    { product: 'aws', service: 'no_such_log' },
    { product: 'macos', category: 'process_creation' },
    { product: 'huawei', service: 'bgp' },
    { category: 'database' },
    { product: 'linux', category: 'no_such_category' },
  ]) {
    assert.equal(defaultResolver.selects(logsource), undefined, JSON.stringify(logsource));
  }
});

test('a logsource without parts selects every event (keyword rules that name no source)', async () => {
  const event = await eventOf('x.log', 'just some free text that no format claims\n');
  const selector = defaultResolver.selects({});
  assert.ok(selector !== undefined && selector(event));
});

test('our schema names resolve under every logsource, cloud ones included, and read the event', async () => {
  const event = await eventOf('auth.log', 'Mar  3 09:15:01 web01 sshd[2101]: Failed password for root from 203.0.113.45 port 52144 ssh2\n');
  for (const logsource of [{ product: 'linux', service: 'sshd' }, { product: 'windows', service: 'security' }, { category: 'firewall' }, { product: 'aws', service: 'cloudtrail' }]) {
    assert.equal(read(event, logsource, 'source.ip'), '203.0.113.45');
    assert.equal(read(event, logsource, 'user.name'), 'root');
    assert.equal(read(event, logsource, 'event.outcome'), 'failure');
    assert.equal(read(event, logsource, 'host.name'), 'web01');
    assert.equal(read(event, logsource, 'labels.ssh.method'), 'password', 'label keys may hold dots');
  }
  assert.equal(defaultResolver.field('source.nosuch', { product: 'linux', service: 'sshd' }), undefined);
  assert.ok(ECS_PATHS.includes('process.parent.command_line') && ECS_PATHS.includes('event.outcome'));
  assert.ok(!ECS_PATHS.includes('vigil.indicators'), 'lists of objects are not field values');
});

test('getters and selectors are built once per (logsource, name) and shared', () => {
  const resolver = createResolver();
  const ls = { product: 'windows', category: 'process_creation' };
  assert.equal(resolver.field('Image', ls), resolver.field('Image', { ...ls }));
  assert.equal(resolver.selects(ls), resolver.selects({ ...ls }));
  assert.notEqual(resolver.field('Image', ls), resolver.field('Image', { product: 'linux', category: 'process_creation' }));
});

test('keywords: the original line; for JSON records also the message and the unescaped EventData values', async () => {
  const syslog = await eventOf('auth.log', 'Mar  3 09:15:01 web01 sshd[2101]: Failed password for root from 203.0.113.45 port 52144 ssh2\n');
  assert.equal(defaultResolver.keywords(syslog), syslog.event.original, 'the message is inside the line: not repeated');
  const json = await eventOf('app.jsonl', line({ timestamp: '2024-03-10T08:00:00Z', host: 'h1', message: 'ran C:\\Windows\\Temp\\perfc.dat "now"' }));
  const texts = defaultResolver.keywords(json);
  assert.ok(Array.isArray(texts));
  assert.ok(texts.includes('ran C:\\Windows\\Temp\\perfc.dat "now"'), 'the unescaped message is searched too');
  const windows = await eventOf(
    'sysmon.json',
    line({ Event: { System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ws1' }, EventData: { CommandLine: 'rundll32.exe C:\\Windows\\perfc.dat,#1' } } }),
  );
  const windowsTexts = defaultResolver.keywords(windows);
  assert.ok(Array.isArray(windowsTexts) && windowsTexts.includes('rundll32.exe C:\\Windows\\perfc.dat,#1'));
  assert.ok(!windows.event.original.includes('C:\\Windows\\perfc.dat'), 'the JSON original holds the escaped form only');
  assert.equal(defaultResolver.keywords(windows), windowsTexts, 'built once per event');
});

test('hostile names and values: prototype keys read nothing, never a function, and never throw', async () => {
  const windows = await eventOf(
    'sysmon.json',
    line({ Event: { System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ws1' }, EventData: { Image: 'C:\\a.exe' } } }),
  );
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'labels.constructor', 'winlog.event_data.toString']) {
    for (const logsource of [{ product: 'windows' }, { product: 'zeek', service: 'conn' }, { product: 'linux', service: 'auditd' }]) {
      const getter = defaultResolver.field(name, logsource);
      if (getter !== undefined) assert.equal(getter(windows), undefined, `${name} under ${JSON.stringify(logsource)}`);
    }
  }
  const audit = await eventOf(
    'audit.log',
    'type=SYSCALL msg=audit(1717236100.000:501): arch=c000003e syscall=42 success=yes exit=0 a0=3 items=0 ppid=1 pid=2 auid=0 uid=0 comm="x" exe="/x"\ntype=SOCKADDR msg=audit(1717236100.000:501): saddr=zz\n',
  );
  const ls = { product: 'linux', category: 'network_connection' };
  const selector = defaultResolver.selects(ls);
  assert.ok(selector !== undefined);
  assert.equal(selector(audit), true);
  assert.equal(read(audit, ls, 'DestinationIp'), undefined, 'an unreadable address reads nothing');
  // Our auditd reader keeps arch= and syscall= as written; a prototype key there must not reach a lookup table.
  const hostile = { ...audit, labels: { ...audit.labels, arch: 'constructor', syscall: 'toString' } };
  assert.equal(selector(hostile), false);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents, readAs } from '../helpers/hostile.ts';

/** Proxifier's connection log: which application reached which target, through which proxy, with how many bytes. */

describe('Proxifier', () => {
  it('reads opened, closed and failed connections with the application, the target and the proxy', async () => {
    const [opened, closed, failed] = await eventsOf('Proxifier.log', [
      '[10.30 16:49:06] chrome.exe - www.example.com:443 open through proxy proxy.corp.example:5070 HTTPS',
      '[10.30 16:49:07] chrome.exe - www.example.com:443 close, 1198 bytes (1.16 KB) sent, 8896991 bytes (8.48 MB) received, lifetime 02:25',
      '[10.30 16:49:08] svchost.exe *64 - 203.0.113.9:80 error : Could not connect to proxy proxy.corp.example:5070 - connection attempt failed with error 10061',
      '',
    ].join('\n'));
    assert.deepEqual(
      [opened?.event.action, opened?.event.outcome, opened?.process?.name, opened?.destination?.domain, opened?.destination?.port, opened?.labels?.['proxifier.proxy'], opened?.labels?.['proxifier.proxy_type']],
      ['proxy-connection-opened', 'success', 'chrome.exe', 'www.example.com', 443, 'proxy.corp.example:5070', 'HTTPS'],
    );
    assert.deepEqual([closed?.event.action, closed?.source?.bytes, closed?.destination?.bytes, closed?.network?.bytes, closed?.labels?.['proxifier.lifetime']], ['proxy-connection-closed', 1198, 8896991, 8898189, '02:25']);
    assert.deepEqual(
      [failed?.event.action, failed?.event.outcome, failed?.process?.name, failed?.labels?.['process.bits'], failed?.destination?.ip, failed?.event.reason],
      ['proxy-connection-failed', 'failure', 'svchost.exe', '64', '203.0.113.9', 'Could not connect to proxy proxy.corp.example:5070 - connection attempt failed with error 10061'],
    );
    assert.equal(opened?.['@timestamp'], '2024-10-30T16:49:06.000Z');
    assert.equal(opened?.vigil.time.source, 'assumed_zone');
    assert.equal(opened !== undefined && selected(opened, { product: 'proxifier' }), true);
  });

  it('tells a connection a rule blocked from one it let through directly', async () => {
    const [direct, blocked] = await eventsOf('Proxifier.log', [
      '[02.28 14:21:34] svchost.exe *64 - 23.54.12.1:80 matching Default rule :  direct connection',
      '[02.28 14:21:35] update.exe - 198.51.100.9:4444 matching Blocked ports rule : block',
      '',
    ].join('\n'));
    assert.deepEqual([direct?.event.action, direct?.event.outcome, direct?.rule?.name, direct?.labels?.['proxifier.rule_action']], ['proxy-rule-matched', undefined, 'Default', 'direct connection']);
    assert.deepEqual([blocked?.event.action, blocked?.event.outcome, blocked?.event.type, blocked?.rule?.name], ['proxy-connection-blocked', 'failure', ['connection', 'denied'], 'Blocked ports']);
  });

  it('reads macOS application names with spaces, process ids and bracketed IPv6 targets, and keeps other lines with their time', async () => {
    const [mac, other] = await eventsOf('Proxifier.log', [
      '[01.02 08:00:00] Google Chrome Helper (4242) - [2001:db8::7]:443 open through proxy 127.0.0.1:1080 SOCKS5',
      '[01.02 08:00:01] Welcome to Proxifier',
      '',
    ].join('\n'));
    assert.deepEqual([mac?.process?.name, mac?.process?.pid, mac?.destination?.ip, mac?.destination?.port], ['Google Chrome Helper', 4242, '2001:db8::7', 443]);
    assert.deepEqual([other?.vigil.format, other?.message, other?.event.action, other?.['@timestamp']], ['proxifier', 'Welcome to Proxifier', undefined, '2024-01-02T08:00:01.000Z']);
  });

  it('rolls the year over when December is followed by January', async () => {
    const events = await eventsOf('Proxifier.log', ['[12.31 23:59:58] a.exe - example.com:443 open through proxy p.example:1 HTTPS', '[01.01 00:00:02] a.exe - example.com:443 close, 0 bytes sent, 0 bytes received, lifetime 00:04', ''].join('\n'));
    const [december, january] = events.map((e) => e['@timestamp']);
    assert.ok(december !== undefined && january !== undefined && january > december, `${String(december)} then ${String(january)}`);
    assert.equal(Date.parse(january) - Date.parse(december), 4000);
  });

  it('survives hostile lines: markup, a month that is none, a runaway application name', async () => {
    const hostile = [
      '[10.30 16:49:06] <script>alert(1)</script>.exe - evil.example:443 open through proxy p.example:1 HTTPS',
      `[10.30 16:49:07] ${'a - '.repeat(3000)}x:1 close, 1 bytes sent, 1 bytes received, lifetime <1 sec`,
      '[10.30 16:49:08] chrome.exe - [::1:443 error : ',
      '',
    ].join('\n');
    const events = await hostileEvents('proxifier', hostile, 3);
    assert.equal(events[0]?.process?.name, '<script>alert(1)</script>.exe', 'kept as text: the edges escape it');
    assert.equal(events[2]?.destination?.ip, undefined);
    const { events: kept, errors } = await readAs('proxifier', '[10.30 16:49:06] chrome.exe - a.example:443 open through proxy p.example:1 HTTPS\n[13.40 16:49:06] chrome.exe - a.example:443 open through proxy p.example:1 HTTPS\n');
    assert.deepEqual(errors.map((e) => [e.line, e.reason]), [[2, 'proxifier: not a month: 13']], 'reported with its line');
    assert.deepEqual(kept.map((e) => e.vigil.format), ['proxifier', 'plaintext'], 'and still kept');
  });
});

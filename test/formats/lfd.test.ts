import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLfd } from '../../src/ingest/formats/services/lfd.ts';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';

/** ConfigServer lfd: the blocks it puts in csf, with the address, the trigger, the count behind it and the block's length. */

const summary = (message: string) => {
  const f = decodeLfd(message);
  return [f?.event?.action, f?.source?.ip, f?.rule?.name, f?.labels?.['lfd.service'], f?.labels?.['lfd.count'], f?.labels?.['lfd.block_seconds'], f?.labels?.['lfd.permanent']];
};

void describe('ConfigServer lfd', () => {
  void it('reads its blocks: failed logins, port scans, connection tracking, distributed attacks', () => {
    assert.deepEqual(summary('(sshd) Failed SSH login from 93.108.242.140 (PT/Portugal/140.242.108.93.rev.vodafone.pt): 5 in the last 300 secs - *Blocked in csf* [LF_SSHD]'), ['ip-banned', '93.108.242.140', 'LF_SSHD', 'sshd', '5', undefined, 'true']);
    assert.deepEqual(summary('*Port Scan* detected from 203.0.113.9 (CN/China/-). 11 hits in the last 36 seconds - *Blocked in csf* for 3600 secs [PS_LIMIT]'), ['ip-banned', '203.0.113.9', 'PS_LIMIT', undefined, '11', '3600', undefined]);
    assert.deepEqual(summary('(CT) IP 2001:db8::9 (XX/Unknown/-) found to have 300 connections - *Blocked in csf* for 1800 secs [CT_LIMIT]'), ['ip-banned', '2001:db8::9', 'CT_LIMIT', 'CT', undefined, '1800', undefined]);
    assert.deepEqual(summary('203.0.113.10 (US/United States/-), 5 distributed sshd attacks on account [root] in the last 3600 secs - *Blocked in csf* [LF_DISTATTACK]'), ['ip-banned', '203.0.113.10', 'LF_DISTATTACK', undefined, undefined, undefined, 'true']);
    assert.equal(decodeLfd('(sshd) Failed SSH login from 203.0.113.11 (CN/China/-): 5 in the last 300 secs - ignored'), undefined, 'not blocked: not a ban');
    assert.equal(decodeLfd('daemon started on web1 - csf v14.20 (cPanel)'), undefined);
  });

  void it('reads lfd through syslog as dataset lfd, selected by product lfd', async () => {
    const [e] = await eventsOf('messages', 'May 15 05:23:59 cpanel-001 lfd[28641]: (sshd) Failed SSH login from 93.108.242.140 (PT/Portugal/-): 5 in the last 300 secs - *Blocked in csf* [LF_SSHD]\n');
    assert.deepEqual([e?.event.dataset, e?.event.action, e?.event.outcome, e?.source?.ip, e?.event.reason], ['lfd', 'ip-banned', undefined, '93.108.242.140', '(sshd) Failed SSH login from 93.108.242.140 (PT/Portugal/-): 5 in the last 300 secs']);
    assert.equal(e !== undefined && selected(e, { product: 'lfd' }), true);
  });

  void it('survives hostile lines: markup, an address that is none, runaway triggers', async () => {
    const hostile = [
      'Nov 23 05:00:00 web1 lfd[1]: (<script>) Failed SSH login from 203.0.113.9 (<img src=x onerror=alert(1)>): 5 in the last 300 secs - *Blocked in csf* [LF_SSHD]',
      'Nov 23 05:00:01 web1 lfd[1]: (sshd) Failed SSH login from 999.1.2.3 (x): 5 in the last 300 secs - *Blocked in csf* [LF_SSHD]',
      `Nov 23 05:00:02 web1 lfd[1]: from 203.0.113.9 - *Blocked in csf* ${'[A] '.repeat(2000)}`,
      '',
    ].join('\n');
    const events = await hostileEvents('syslog', hostile, 3);
    assert.deepEqual(events.map((e) => [e.event.action, e.source?.ip]), [['ip-banned', '203.0.113.9'], [undefined, undefined], ['ip-banned', '203.0.113.9']]);
  });
});

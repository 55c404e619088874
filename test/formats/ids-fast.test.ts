import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ParseOutcome } from '../../src/ingest/format.ts';
import { idsFastFormat } from '../../src/ingest/formats/ids-fast.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Suricata and Snort fast alert lines; the contract fixture holds the usual forms, these the edges. */

const temp = tempDirs('ids-fast');
const SCAN = '07/11/2022-10:29:32.251216  [**] [1:2008578:4] ET SCAN Sipvicious Scan [**] [Classification: Attempted Information Leak] [Priority: 2] {UDP} 89.248.163.216:5116 -> 172.31.18.55:5060';

function parse(text: string): ParseOutcome {
  return idsFastFormat.createParser({ fileName: 'fast.log' }).parse({ text, line: 1, offset: 0 });
}

describe('IDS fast alerts', () => {
  it('rejects lines that only look like alerts, and a month that is none', () => {
    for (const text of [
      SCAN.replaceAll('[**] ', ''),
      SCAN.replace(' -> ', ' => '),
      SCAN.replace('[Priority: 2]', '[Priority: high]'),
      '13/11/2022-10:29:32.251216  [**] [1:1:1] x [**] [Priority: 2] {TCP} 1.2.3.4:1 -> 5.6.7.8:2',
      'Jul 11 10:29:32 sensor suricata[123]: [1:2008578:4] ET SCAN Sipvicious Scan',
    ]) assert.equal(parse(text).kind, 'error', text);
  });

  it('keeps a signature that holds brackets and stars, and an address it cannot read as none', () => {
    const outcome = parse('07/11/2022-10:29:32.251216  [**] [1:1:1] ET WEB [x] **odd** sig [**] [Priority: 1] {TCP} not-an-ip:80 -> 10.0.0.1:80');
    assert.equal(outcome.kind, 'events');
    const fields = outcome.kind === 'events' ? outcome.drafts[0]?.fields : undefined;
    assert.equal(fields?.rule?.name, 'ET WEB [x] **odd** sig');
    assert.equal(fields?.source?.ip, undefined);
    assert.equal(fields?.destination?.ip, '10.0.0.1');
  });

  it('reads alerts among the lines of a syslog file, and the time in the zone given', async () => {
    const dir = temp.fresh();
    const file = join(dir, 'mixed.log');
    writeFileSync(file, `Jul 11 10:29:00 sensor sshd[1]: Accepted publickey for deploy from 10.0.0.8 port 50122 ssh2\n${SCAN}\n`);
    const { events, errors } = await collectEvents([file], { tz: 'Europe/Paris', year: 2022 });
    assert.deepEqual(errors, []);
    assert.deepEqual(events.map((e) => e.vigil.format), ['syslog', 'ids-fast']);
    assert.equal(events[1]?.['@timestamp'], '2022-07-11T08:29:32.251Z', 'sensor local time, Paris summer time');
    assert.equal(events[1]?.rule?.id, '2008578');
  });

  it('reads the same alerts sent to syslog by Suricata and Snort', async () => {
    const dir = temp.fresh();
    const file = join(dir, 'messages');
    writeFileSync(file, [
      'Jul 11 10:29:32 sensor suricata[812]: [Drop] [1:2008578:4] ET SCAN Sipvicious Scan [Classification: Attempted Information Leak] [Priority: 2] {UDP} 89.248.163.216:5116 -> 172.31.18.55:5060',
      'Jul 11 10:30:00 sensor snort[77]: [1:384:5] ICMP PING [Classification: Misc activity] [Priority: 3] {ICMP} 203.0.113.77 -> 10.0.0.5',
      'Jul 11 10:31:00 sensor suricata[812]: [ERRCODE: SC_ERR_SYSCALL(50)] - Failure when trying to get MTU',
    ].join('\n'));
    const { events } = await collectEvents([file], { tz: 'UTC', year: 2022 });
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset, e.event.action, e.rule?.id, e.event.type]), [
      ['syslog', 'ids.alert', 'ids-alert', '2008578', ['denied']],
      ['syslog', 'ids.alert', 'ids-alert', '384', ['info']],
      ['syslog', 'suricata', undefined, undefined, undefined],
    ]);
    assert.equal(events[0]?.host?.name, 'sensor');
    assert.equal(events[0]?.source?.ip, '89.248.163.216');
    assert.equal(events[1]?.destination?.ip, '10.0.0.5');
  });
});

describe('IDS alert bodies read in steps', () => {
  it('takes the classification and priority written last, whatever the signature holds', async () => {
    const { idsAlertFields } = await import('../../src/ingest/formats/ids-alert.ts');
    const fields = idsAlertFields('[1:9:1] ET TEST sig with [Classification: fake] and [Priority: 9] inside [**] [Classification:  Misc Attack ] [Priority: 2] {TCP} 1.2.3.4:1 -> 5.6.7.8:2');
    assert.deepEqual([fields?.rule?.name, fields?.rule?.category, fields?.event?.severity], ['ET TEST sig with [Classification: fake] and [Priority: 9] inside', 'Misc Attack', 2]);
    assert.equal(idsAlertFields(`[1:1:1] ${'[Classification: '.repeat(1000)}`), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leefFormat } from '../../src/ingest/formats/leef.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const { parse, draft, sample } = lineFormatHelpers(leefFormat);

void describe('leef parse', () => {
  void it('reads LEEF 1.0 with tab-separated attributes', () => {
    const d = draft('LEEF:1.0|IBM|QRadar|7.5|Login Failed|src=10.1.2.7\tdst=10.1.0.9\tsrcPort=51515\tdstPort=22\tusrName=alice\tdevTime=Jun 01 2024 10:00:00\tproto=TCP\tsev=5\tcat=Auth\taction=deny');
    assert.equal(d.dataset, 'leef.qradar');
    assert.equal(d.time, 'Jun 01 2024 10:00:00');
    assert.deepEqual(d.fields.event, { category: ['network'], action: 'deny', type: ['denied'], severity: 5, code: 'Login Failed', provider: 'IBM', module: 'leef' });
    assert.deepEqual(d.fields.source, { ip: '10.1.2.7', port: 51515 });
    assert.deepEqual(d.fields.destination, { ip: '10.1.0.9', port: 22 });
    assert.equal(d.fields.user?.name, 'alice');
    assert.equal(d.fields.labels?.cat, 'Auth');
    assert.equal(d.fields.labels?.product, 'QRadar');
  });

  void it('reads the LEEF 2.0 delimiter as a character, x5E or 0x5E', () => {
    for (const spec of ['^', 'x5E', '0x5E']) {
      const d = draft(`LEEF:2.0|Lancope|StealthWatch|1.0|41|${spec}|src=10.1.2.9^dst=203.0.113.5^dstPort=445^sev=7`);
      assert.equal(d.fields.source?.ip, '10.1.2.9', spec);
      assert.deepEqual(d.fields.destination, { ip: '203.0.113.5', port: 445 }, spec);
      assert.equal(d.fields.event?.severity, 7, spec);
    }
    const tabbed = draft('LEEF:2.0|V|P|1|7|src=10.0.0.1\tdst=10.0.0.2');
    assert.equal(tabbed.fields.destination?.ip, '10.0.0.2');
  });

  void it('converts devTime with devTimeFormat to ISO text, and passes epochs through', () => {
    const iso = draft("LEEF:2.0|A|B|1|2|^|devTime=2024-06-01T12:00:03.750+02:00^devTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    assert.equal(iso.time, '2024-06-01T12:00:03.750+02:00');
    const named = draft('LEEF:1.0|A|B|1|2|devTime=Jun 01 2024 10:00:01 UTC\tdevTimeFormat=MMM dd yyyy HH:mm:ss z');
    assert.equal(named.time, '2024-06-01T10:00:01Z');
    const us = draft('LEEF:1.0|A|B|1|2|devTime=06/01/24 10:00:01 PM +0100\tdevTimeFormat=MM/dd/yy hh:mm:ss a Z');
    assert.equal(us.time, '2024-06-01T22:00:01+01:00');
    assert.equal(draft('LEEF:1.0|A|B|1|2|devTime=1717236002500').time, '1717236002500');
    const unknown = draft('LEEF:1.0|A|B|1|2|devTime=garbage\tdevTimeFormat=yyyy QQQ');
    assert.equal(unknown.time, 'garbage');
  });

  void it('takes host and time from a syslog header', () => {
    const d = draft('<13>1 2024-06-01T10:00:03Z sensor03 ids - - - LEEF:1.0|Acme|NIDS|2.4|SCAN|src=203.0.113.77');
    assert.equal(d.time, '2024-06-01T10:00:03Z');
    assert.equal(d.fields.host?.name, 'sensor03');
  });

  void it('falls back to space-separated pairs when a LEEF 1.0 line has no tabs', () => {
    const d = draft('LEEF:1.0|V|P|1|2|src=10.0.0.1 dst=10.0.0.2 msg=some text here proto=6');
    assert.equal(d.fields.destination?.ip, '10.0.0.2');
    assert.equal(d.fields.message, 'some text here');
    assert.equal(d.fields.network?.transport, 'tcp');
  });

  void it('rejects lines without a well-formed LEEF header', () => {
    for (const text of ['hello', 'LEEF:1.0|only', 'LEEF:abc|x|y|z|w|k=v']) assert.equal(parse(text).kind, 'error', text);
  });

  void it('never throws on random input', () => {
    for (let i = 0; i < 300; i++) {
      const body = Array.from({ length: 80 }, () => String.fromCharCode(Math.floor(Math.random() * 128))).join('');
      assert.doesNotThrow(() => parse(`LEEF:2.0|a|b|c|d|${body}`));
      assert.doesNotThrow(() => parse(`LEEF:1.0|a|b|c|d|devTime=${body}\tdevTimeFormat=${body.slice(0, 20)}`));
    }
  });
});

void describe('leef sniff', () => {
  void it('claims LEEF lines only', () => {
    assert.ok(leefFormat.sniff(sample(['LEEF:1.0|a|b|c|d|src=1.1.1.1', 'Jun  1 10:00:00 h LEEF:2.0|a|b|c|d|^|x=1'])) >= 0.9);
    assert.equal(leefFormat.sniff(sample(['CEF:0|a|b|c|d|e|1|', 'plain'])), 0);
  });
});

void describe('leef: keys and values named like Object.prototype members', () => {
  void it('reads them in header fields, attribute keys and values (1.0 and 2.0)', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [
        `LEEF:1.0|${w}|${w}|${w}|${w}|src=10.0.0.1\tproto=${w}\tsev=${w}\t${w}=attr\tdevTime=${w}\tdevTimeFormat=${w}`,
        `LEEF:2.0|V|P|1|E|^|src=10.0.0.2^${w}=caret^proto=${w}^usrName=${w}`,
      ];
      const [v1, v2] = await hostileEvents('leef', lines.join('\n'), 2);
      assert.equal(v1?.event.provider, w);
      assert.equal(v1?.event.code, w);
      assert.equal(v1?.event.severity, undefined);
      assert.equal(v1?.network?.transport, w.toLowerCase());
      assertOwnField(v1?.labels, w, 'attr');
      assertOwnField(v1?.labels, 'product', w);
      assert.equal(v2?.network?.transport, w.toLowerCase());
      assert.equal(v2?.user?.name, w);
      assertOwnField(v2?.labels, w, 'caret');
    }
  });
});

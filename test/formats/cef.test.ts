import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cefFormat } from '../../src/ingest/formats/cef.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const { parse, draft, sample } = lineFormatHelpers(cefFormat);

void describe('cef parse', () => {
  void it('reads the header (escaped pipes) and maps the core extension keys', () => {
    const d = draft('CEF:0|Security|threat\\|manager|1.0|100|worm successfully stopped|10|src=10.0.0.1 spt=1232 dst=2.1.2.2 dpt=80 proto=TCP act=blocked suser=alice duser=bob rt=1717236000250');
    assert.equal(d.dataset, 'cef.threat_manager');
    assert.equal(d.time, '1717236000250');
    assert.equal(d.fields.message, 'worm successfully stopped');
    assert.deepEqual(d.fields.event, { category: ['network'], action: 'blocked', type: ['denied'], provider: 'Security', code: '100', severity: 10, module: 'cef' });
    assert.deepEqual(d.fields.source, { ip: '10.0.0.1', port: 1232 });
    assert.deepEqual(d.fields.destination, { ip: '2.1.2.2', port: 80 });
    assert.deepEqual(d.fields.user, { name: 'alice', target: { name: 'bob' } });
    assert.equal(d.fields.network?.transport, 'tcp');
    assert.equal(d.fields.labels?.product, 'threat|manager');
  });

  void it('keeps spaces in values and decodes \\= \\\\ \\n escapes', () => {
    const d = draft('CEF:0|V|P|1|2|N|3|msg=detected a = sign\\=here in C:\\\\temp\\nsecond line filePath=/tmp/a b.sh cs1Label=Policy Name cs1=Default Block cs2=unlabelled');
    assert.equal(d.fields.message, 'detected a = sign=here in C:\\temp\nsecond line');
    assert.deepEqual(d.fields.file, { path: '/tmp/a b.sh', name: 'a b.sh' });
    assert.equal(d.fields.labels?.['Policy Name'], 'Default Block');
    assert.equal(d.fields.labels?.cs2, 'unlabelled');
    assert.equal(d.fields.labels?.cs1Label, undefined);
    assert.equal(d.fields.labels?.name, 'N');
  });

  void it('reads a syslog header for the host and, without rt, the time', () => {
    const d = draft('<134>Jun  1 10:00:02 fw01 CEF:0|Fortinet|FortiGate|7.2|13|traffic|3|src=10.1.2.5 proto=17 app=DNS');
    assert.equal(d.time, 'Jun  1 10:00:02');
    assert.equal(d.fields.host?.name, 'fw01');
    assert.equal(d.fields.network?.transport, 'udp');
    assert.equal(d.fields.network?.protocol, 'dns');
    const withRt = draft('Jun  1 10:00:02 fw01 CEF: 0|V|P|1|2|N|Medium|rt=Jun 01 2024 10:00:03 dvchost=dev01 dvc=10.9.9.9');
    assert.equal(withRt.time, 'Jun 01 2024 10:00:03');
    assert.deepEqual(withRt.fields.host, { name: 'dev01', ip: '10.9.9.9' });
    assert.equal(withRt.fields.event?.severity, 6);
  });

  void it('splits request URLs without normalising them and maps web fields', () => {
    const d = draft('CEF:0|V|Proxy|1|2|N|3|request=http://Example.com:8080/a/../b?q=1 2 requestMethod=POST requestClientApplication=curl/8.0 outcome=Success');
    assert.deepEqual(d.fields.url, { original: 'http://Example.com:8080/a/../b?q=1 2', scheme: 'http', domain: 'example.com', path: '/a/../b', query: 'q=1 2' });
    assert.equal(d.fields.http?.request?.method, 'POST');
    assert.equal(d.fields.user_agent?.original, 'curl/8.0');
    assert.equal(d.fields.event?.outcome, 'success');
  });

  void it('accepts a header without a trailing pipe and drops invalid IPs', () => {
    const d = draft('CEF:1|V|P|1|2|Name only|5');
    assert.equal(d.fields.message, 'Name only');
    assert.equal(draft('CEF:0|V|P|1|2|N|5|src=999.1.1.1 shost=WS-1').fields.source?.ip, undefined);
    assert.equal(draft('CEF:0|V|P|1|2|N|5|src=999.1.1.1 shost=WS-1').fields.source?.domain, 'ws-1');
  });

  void it('rejects lines without a well-formed CEF header', () => {
    for (const text of ['hello', 'CEF:0|only|three', 'CEF:x|a|b|c|d|e|f|', 'XCEF:0|a|b|c|d|e|f|']) {
      assert.equal(parse(text).kind, 'error', text);
    }
  });

  void it('never throws on random input', () => {
    for (let i = 0; i < 300; i++) {
      const body = Array.from({ length: 80 }, () => String.fromCharCode(Math.floor(Math.random() * 128))).join('');
      assert.doesNotThrow(() => parse(`CEF:0|${body}`));
      assert.doesNotThrow(() => parse(`CEF:0|a|b|c|d|e|f|${body}`));
    }
  });
});

void describe('cef sniff', () => {
  void it('claims CEF lines, bare or after syslog headers', () => {
    assert.ok(cefFormat.sniff(sample(['CEF:0|a|b|c|d|e|1|src=1.1.1.1', 'Jun  1 10:00:00 h CEF:0|a|b|c|d|e|1|'])) >= 0.9);
    assert.equal(cefFormat.sniff(sample(['Jun  1 10:00:00 h sshd[1]: Accepted password', 'CEF is a format'])), 0);
  });
});

void describe('cef: keys and values named like Object.prototype members', () => {
  void it('reads them in header fields, extension keys and values, and custom label names', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [
        `CEF:0|${w}|${w}|${w}|${w}|${w}|${w}|src=10.0.0.1 proto=${w} act=${w} ${w}=ext`,
        `CEF:0|V|P|1|2|N|3|src=10.0.0.2 cs1=custom cs1Label=${w} cs2Label=${w} cs2=second`,
      ];
      const [header, custom] = await hostileEvents('cef', lines.join('\n'), 2);
      assert.equal(header?.event.provider, w);
      assert.equal(header?.event.code, w);
      assert.equal(header?.event.severity, undefined);
      assert.equal(header?.message, w);
      assert.equal(header?.network?.transport, w.toLowerCase());
      assert.equal(header?.source?.ip, '10.0.0.1');
      assertOwnField(header?.labels, w, 'ext');
      assertOwnField(header?.labels, 'product', w);
      // The first custom pair named w wins; the second is not lost to an inherited member either.
      assertOwnField(custom?.labels, w, 'custom');
    }
  });
});

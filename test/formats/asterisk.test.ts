import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { asteriskFormat } from '../../src/ingest/formats/service-logs/asterisk.ts';
import { decodeAsterisk } from '../../src/ingest/formats/services/asterisk.ts';
import { detectFormat } from '../../src/ingest/sniff.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents, readAs } from '../helpers/hostile.ts';

const { draft, parse, sample } = lineFormatHelpers(asteriskFormat);

const SECURITY = (event: string, extra = '') =>
  `SECURITY[77]: res_security_log.c:114 security_event_stasis_cb: SecurityEvent="${event}",EventTV="2026-11-23T08:00:01.192-0600",Severity="Error",Service="PJSIP",EventVersion="1",AccountID="6001",SessionID="s1",LocalAddress="IPV4/UDP/10.0.0.5/5060",RemoteAddress="IPV4/UDP/203.0.113.9/55287"${extra}`;

const summary = (message: string) => {
  const f = decodeAsterisk(message);
  return [f?.event?.action, f?.event?.outcome, f?.user?.name, f?.source?.ip, f?.source?.port, f?.labels?.['auth.unknown_user']];
};

void describe('Asterisk', () => {
  void it("reads security events: failed logins (an unknown account marked), successful ones, and the rest by name", () => {
    assert.deepEqual(summary(SECURITY('InvalidAccountID')), ['login', 'failure', '6001', '203.0.113.9', 55287, 'true']);
    for (const failed of ['ChallengeResponseFailed', 'InvalidPassword', 'FailedACL', 'AuthMethodNotAllowed']) {
      assert.deepEqual(summary(SECURITY(failed)), ['login', 'failure', '6001', '203.0.113.9', 55287, undefined], failed);
    }
    assert.deepEqual(summary(SECURITY('SuccessfulAuth', ',UsingPassword="1"')), ['login', 'success', '6001', '203.0.113.9', 55287, undefined]);
    assert.deepEqual(summary(SECURITY('ChallengeSent')), ['asterisk-challenge-sent', undefined, '6001', '203.0.113.9', 55287, undefined]);
    const f = decodeAsterisk(SECURITY('InvalidPassword', ',Challenge="abc",ReceivedHash="def"'));
    assert.deepEqual([f?.destination, f?.network, f?.event?.reason], [{ ip: '10.0.0.5', port: 5060 }, { transport: 'udp', protocol: 'sip' }, 'invalid password']);
    assert.deepEqual([f?.labels?.['asterisk.service'], f?.labels?.['asterisk.session_id'], f?.labels?.['asterisk.received_hash'], f?.labels?.['asterisk.level'], f?.labels?.['asterisk.thread']], ['PJSIP', 's1', 'def', 'SECURITY', '77']);
  });

  void it('reads IPv6 and TLS addresses, accounts written as SIP URIs, and no account for <unknown>', () => {
    const v6 = decodeAsterisk('SECURITY[1310] res_security_log.c: SecurityEvent="InvalidPassword",Service="SIP",AccountID="<sip:6002@pbx.example.org>",RemoteAddress="IPV6/TLS/2001:db8::99/40100"');
    assert.deepEqual([v6?.user?.name, v6?.source, v6?.network?.transport], ['6002', { ip: '2001:db8::99', port: 40100 }, 'tcp']);
    const unknown = decodeAsterisk(SECURITY('ChallengeResponseFailed').replace('AccountID="6001"', 'AccountID="<unknown>"'));
    assert.equal(unknown?.user, undefined);
    const bad = decodeAsterisk(SECURITY('InvalidPassword').replace('IPV4/UDP/203.0.113.9/55287', 'IPV4/UDP/999.1.1.1/55287'));
    assert.deepEqual([bad?.event?.outcome, bad?.source], ['failure', undefined]);
  });

  void it("reads the SIP, PJSIP, IAX2 and manager notices fail2ban's filter reads", () => {
    const n = (text: string) => summary(`NOTICE[912][C-0000001a]: ${text}`);
    assert.deepEqual(n("chan_sip.c:25904 in handle_request_register: Registration from '\"101\" <sip:101@pbx.example.org>' failed for '198.51.100.7:5061' - Wrong password"), ['login', 'failure', '101', '198.51.100.7', 5061, undefined]);
    assert.deepEqual(n("chan_sip.c: Registration from '<sip:102@pbx>' failed for '198.51.100.7' - No matching peer found"), ['login', 'failure', '102', '198.51.100.7', undefined, 'true']);
    assert.deepEqual(n("res_pjsip/pjsip_distributor.c:676 log_failed_request: Request 'INVITE' from '\"x\" <sip:104@pbx>' failed for '198.51.100.7:5061' (callid: a@b) - No matching endpoint found"), ['login', 'failure', '104', '198.51.100.7', 5061, 'true']);
    assert.deepEqual(n("res_pjsip/pjsip_distributor.c:676 log_failed_request: Request 'REGISTER' from '<sip:105@pbx>' failed for '[2001:db8::7]:5061' (callid: c) - Failed to authenticate"), ['login', 'failure', '105', '2001:db8::7', 5061, undefined]);
    assert.deepEqual(n("chan_iax2.c: Host 198.51.100.8 failed MD5 authentication for 'bob' (abc != def)"), ['login', 'failure', 'bob', '198.51.100.8', undefined, undefined]);
    assert.deepEqual(n("manager.c: 198.51.100.8 failed to authenticate as 'admin'"), ['login', 'failure', 'admin', '198.51.100.8', undefined, undefined]);
    assert.deepEqual(n("chan_iax2.c: 198.51.100.8 tried to authenticate with nonexistent user 'guest'"), ['login', 'failure', 'guest', '198.51.100.8', undefined, 'true']);
    assert.deepEqual(n("chan_iax2.c: No registration for peer 'trunk1' (from 198.51.100.8)"), ['login', 'failure', 'trunk1', '198.51.100.8', undefined, 'true']);
    assert.deepEqual(n("manager.c: Manager 'admin' logged on from 10.0.0.9"), ['login', 'success', 'admin', '10.0.0.9', undefined, undefined]);
    assert.deepEqual(n("chan_sip.c: Call from '' (198.51.100.7:5062) to extension '0046812345678' rejected because extension not found in context 'public'."), ['asterisk-call-rejected', 'failure', undefined, '198.51.100.7', 5062, undefined]);
    assert.deepEqual(n("chan_sip.c: hacking attempt detected '198.51.100.9'"), ['asterisk-rejected-connection', 'failure', undefined, '198.51.100.9', undefined, undefined]);
  });

  void it("takes the time from a security event's EventTV (with its zone), else from the bracket", () => {
    assert.equal(draft(`[Nov 23 08:00:01] ${SECURITY('InvalidPassword')}`).time, '2026-11-23T08:00:01.192-0600');
    assert.equal(draft('[2026-11-23 08:06:00] NOTICE[912] chan_sip.c: Registration from \'<sip:1@x>\' failed for \'198.51.100.7\' - Wrong password').time, '2026-11-23 08:06:00');
  });

  void it('reads the same security event through syslog under the asterisk program', async () => {
    const { events, errors } = await readAs('syslog', `Jul  8 22:25:10 pbx asterisk[112836]: ${SECURITY('ChallengeResponseFailed').replace('SECURITY[77]: res_security_log.c:114 ', 'SECURITY[112882]: res_security_log.c:114 in ')}\n`);
    assert.deepEqual(errors, []);
    const e = events[0]!;
    assert.deepEqual([e.event.dataset, e.event.action, e.event.outcome, e.user?.name, e.source?.ip, e.process?.pid, e.labels?.['asterisk.thread']], ['asterisk', 'login', 'failure', '6001', '203.0.113.9', 112836, '112882']);
  });

  void it('is told from plain text and key=value logs by content; other lines are not its own', () => {
    const lines = [`[Nov 23 08:00:01] ${SECURITY('InvalidPassword')}`, '[Nov 23 08:00:02] VERBOSE[914] pbx.c: Executing [100@internal:1] Dial("PJSIP/6001-00000001", "PJSIP/100") in new stack'];
    assert.equal(detectFormat(sample(lines), FORMATS, plaintextFormat).format.id, 'asterisk');
    for (const line of ['', '[Nov 23 08:00:01] hello', 'SECURITY[77]: SecurityEvent="x"', '[Nov 23 08:00:01]SECURITY[77]: x']) assert.equal(parse(line).kind, 'error', line);
  });

  void it('keeps hostile keys as own labels and survives unclosed quotes', async () => {
    const hostile = HOSTILE_WORDS.map((w) => `,${w}="x"`).join('');
    const [event] = await hostileEvents('asterisk', `[Nov 23 08:00:01] ${SECURITY('InvalidPassword', hostile)}\n[Nov 23 08:00:02] ${SECURITY('InvalidPassword', ',Challenge="unclosed')}\n`, 2);
    for (const word of HOSTILE_WORDS) assertOwnField(event!.labels, `asterisk.${word.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`, 'x');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { buildSample, detectFormat } from '../../src/ingest/sniff.ts';
import { readAs } from '../helpers/hostile.ts';

const IMAP_FAILED = '2022-07-20T21:28:50.530Z,000000000000000E,2,192.0.2.241:143,192.0.2.212:35070,testuser,168,31,31,authenticate,PLAIN,"R=""2 NO AUTHENTICATE failed."";Msg=""AuthFailed:LogonDenied,User: testuser"";ErrMsg=AuthFailed:LogonDenied",';
const POP_FAILED = '2022-07-20T21:23:48.514Z,0000000000000005,1,192.0.2.241:110,192.0.2.212:55576,,193,21,69,auth, PLAIN,"R=""-ERR Authentication failure: unknown user name or bad password."";Msg=""AuthFailed:LogonDenied,User: bob"";ErrMsg=AuthFailed:LogonDenied",';
const TRACKING = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.02.1544.004',
  '#Log-type: Message Tracking Log',
  '#Date: 2026-11-23T10:00:00.000Z',
  '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality',
  '2026-11-23T10:01:00.000Z,203.0.113.9,mail.attacker.example,10.0.0.25,EX01,08DE2A;250 2.0.0 OK,EX01\\Default Frontend EX01,SMTP,RECEIVE,1234,<abc@attacker.example>,6f0e,cfo@corp.example,,5120,1,,,"Invoice, overdue",billing@attacker.example,billing@attacker.example,,Incoming',
];

async function eventsOf(text: string) {
  const { events, errors } = await readAs('exchange', text);
  assert.deepEqual(errors, []);
  return events;
}

void describe('Exchange logs', () => {
  void it('reads IMAP4 and POP3 protocol rows without a header by their shape, with client, user and result', async () => {
    const [imap] = await eventsOf(`${IMAP_FAILED}\n`);
    assert.deepEqual(
      [imap!.event.dataset, imap!.event.action, imap!.event.outcome, imap!.event.reason, imap!.user?.name, imap!.source?.ip, imap!.source?.port, imap!.destination?.port],
      ['exchange.imap4', 'login', 'failure', 'AuthFailed:LogonDenied', 'testuser', '192.0.2.212', 35070, 143],
    );
    assert.equal(imap!['@timestamp'], '2022-07-20T21:28:50.530Z');
    const [pop] = await eventsOf(`${POP_FAILED}\n`);
    assert.deepEqual([pop!.event.dataset, pop!.event.outcome, pop!.user?.name, pop!.network?.protocol], ['exchange.pop3', 'failure', 'bob', 'pop3']);
    // "unknown user name or bad password" does not say which: not an unknown account.
    assert.equal(pop!.labels?.['auth.unknown_user'], undefined);
    const [ok] = await eventsOf('2022-07-20T21:30:00.000Z,000000000000000F,2,192.0.2.241:993,192.0.2.50:40000,alice,20,31,31,login,,"R=""a1 OK LOGIN completed.""",\n');
    assert.deepEqual([ok!.event.outcome, ok!.user?.name], ['success', 'alice']);
    // A lower-case "no" in a successful reply is not IMAP's tagged NO.
    const [quiet] = await eventsOf('2022-07-20T21:30:01.000Z,0000000000000010,2,192.0.2.241:110,192.0.2.51:40001,carol,20,31,31,pass,,"R=""+OK User successfully logged on, no new mail.""",\n');
    assert.deepEqual([quiet!.event.outcome, quiet!.event.dataset], ['success', 'exchange.pop3']);
  });

  void it('reads message tracking rows: client and server, the message event, sender, recipients and subject', async () => {
    const [row] = await eventsOf(`${TRACKING.join('\n')}\n`);
    assert.deepEqual(
      [row!.event.dataset, row!.event.action, row!.event.category, row!.source?.ip, row!.source?.domain, row!.destination?.ip, row!.host?.name],
      ['exchange.message_tracking', 'message-receive', ['email'], '203.0.113.9', 'mail.attacker.example', '10.0.0.25', 'EX01'],
    );
    assert.equal(row!.message, 'RECEIVE from billing@attacker.example to cfo@corp.example subject "Invoice, overdue"');
    assert.equal(row!.labels?.['exchange.message-subject'], 'Invoice, overdue');
  });

  void it("takes the local endpoint for the source in a send connector's log", async () => {
    const text = ['#Software: Microsoft Exchange Server', '#Log-type: SMTP Send Protocol Log', '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context', '2026-11-23T10:00:00.000Z,Internet Send,08DE2A,0,10.0.0.25:41000,198.51.100.30:25,>,535 5.7.8 Error,'].join('\n');
    const [row] = await eventsOf(`${text}\n`);
    assert.deepEqual([row!.event.dataset, row!.source?.ip, row!.destination?.ip, row!.event.action], ['exchange.smtp_send', '10.0.0.25', '198.51.100.30', undefined]);
  });

  void it('is told from IIS logs, generic CSV and text that merely holds an ISO time', () => {
    const detect = (lines: string[]) => detectFormat(buildSample('x.log', Buffer.from(`${lines.join('\n')}\n`), true), FORMATS, plaintextFormat).format.id;
    assert.equal(detect([IMAP_FAILED, IMAP_FAILED]), 'exchange');
    assert.equal(detect(TRACKING), 'exchange');
    assert.equal(detect(['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken', '2026-11-23 10:00:00 10.0.0.5 GET / - 443 - 203.0.113.9 Mozilla/5.0 - 200 0 0 12']), 'iis-w3c');
    assert.equal(detect(['time,src_ip,user', '2026-11-23T10:00:00Z,192.0.2.1,bob', '2026-11-23T10:00:01Z,192.0.2.1,bob']), 'csv');
    assert.notEqual(detect(['2026-11-23T10:00:00.000Z,a,b,c', '2026-11-23T10:00:01.000Z,a,b,c']), 'exchange');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspektrRecord } from '../../src/ingest/formats/inspektr.ts';
import { readAs } from '../helpers/hostile.ts';

const PREFIX = '2026-11-23 10:00:00,116 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Mon Nov 23 10:00:00 CET 2026|CAS|';
const FAILED = `${PREFIX}Supplied credentials: [UsernamePasswordCredential(username=j.doe, source=null, customFields={})]|AUTHENTICATION_FAILED|j.doe|203.0.113.7|10.0.0.8`;

void describe('Inspektr audit records (Apereo CAS)', () => {
  void it('reads failed and successful authentications with user, client and server', () => {
    const failed = inspektrRecord(FAILED);
    assert.deepEqual(
      [failed?.event?.action, failed?.event?.outcome, failed?.user?.name, failed?.source?.ip, failed?.destination?.ip, failed?.labels?.['inspektr.application']],
      ['login', 'failure', 'j.doe', '203.0.113.7', '10.0.0.8', 'CAS'],
    );
    const ok = inspektrRecord(`${PREFIX}j.doe|AUTHENTICATION_SUCCESS|j.doe|2001:db8::7|10.0.0.8 `);
    assert.deepEqual([ok?.event?.outcome, ok?.source?.ip], ['success', '2001:db8::7']);
  });

  void it('keeps other actions by name and drops an unknown principal', () => {
    const ticket = inspektrRecord(`${PREFIX}TGT-1-abc|TICKET_GRANTING_TICKET_CREATED|j.doe|203.0.113.7|10.0.0.8`);
    assert.deepEqual([ticket?.event?.action, ticket?.event?.outcome, ticket?.event?.category], ['ticket-granting-ticket-created', 'success', undefined]);
    const unknown = inspektrRecord(`${PREFIX}x|AUTHENTICATION_FAILED|audit:unknown|203.0.113.7|10.0.0.8`);
    assert.equal(unknown?.user, undefined);
  });

  void it('reads nothing from lines that only look like it', () => {
    for (const line of ['a|b|c', `${PREFIX}x|AUTHENTICATION_FAILED|j.doe|not-an-ip|10.0.0.8`, `${PREFIX}x|authentication_failed|j.doe|203.0.113.7|10.0.0.8`, 'GET /a|b|c|DELETE|x|1.2.3.4|5.6.7.8.9']) {
      assert.equal(inspektrRecord(line), undefined, line);
    }
  });

  void it('turns plain-text lines into login attempts of dataset inspektr', async () => {
    const { events } = await readAs('plaintext', `${FAILED}\nan ordinary line\n`);
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.outcome, e.message === undefined]), [['inspektr', 'failure', false], ['plaintext', undefined, false]]);
  });
});

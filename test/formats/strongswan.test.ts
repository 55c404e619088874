import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syslogFormat } from '../../src/ingest/formats/syslog.ts';
import { FileMemory } from '../../src/ingest/formats/syslog/memory.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { readAs } from '../helpers/hostile.ts';

const H = 'Nov 23 10:00:00 vpn charon[1234]: ';
const { draft } = lineFormatHelpers(syslogFormat);

async function logins(lines: string[]) {
  const { events, errors } = await readAs('syslog', `${lines.map((l) => `${H}${l}`).join('\n')}\n`);
  assert.deepEqual(errors, []);
  return events.filter((e) => e.event.action === 'login').map((e) => [e.event.outcome, e.user?.name, e.source?.ip, e.labels?.['auth.unknown_user']]);
}

void describe('strongSwan charon', () => {
  void it("gives an SA's failed EAP and XAuth logins the client and user named on its earlier lines", async () => {
    const got = await logins([
      '05[NET] <84> received packet: from 198.51.100.7[28808] to 192.0.2.1[500] (1072 bytes)',
      '05[IKE] <84> 198.51.100.7 is initiating an IKE_SA',
      '06[IKE] <ikev2-eap|84> EAP-MS-CHAPv2 username: \'alice\'',
      '06[IKE] <ikev2-eap|84> EAP-MS-CHAPv2 verification failed, retry (1)',
      '07[IKE] <ikev2-eap|85> EAP-MS-CHAPv2 verification failed, retry (1)',
      '08[IKE] <con1|62> XAuth pam_authenticate for \'bob\' failed: System error',
      '08[IKE] <con1|62> XAuth authentication of \'bob\' failed',
      '08[NET] <con1|62> sending packet: from 192.0.2.1[4500] to 203.0.113.9[4500] (92 bytes)',
      '08[IKE] <con1|62> XAuth authentication of \'bob\' failed',
    ]);
    assert.deepEqual(got, [
      ['failure', 'alice', '198.51.100.7', undefined],
      // SA 85 was never seen before its verdict: no client to name.
      ['failure', undefined, undefined, undefined],
      ['failure', 'bob', undefined, undefined],
      ['failure', 'bob', '203.0.113.9', undefined],
    ]);
  });

  void it("reads peers' successful and failed authentications, PSK mismatches and unknown EAP users, not the server's own", async () => {
    const got = await logins([
      '09[NET] <7> received packet: from 198.51.100.8[500] to 192.0.2.1[500] (600 bytes)',
      "09[IKE] <7> authentication of 'vpn.example.org' (myself) with RSA_EMSA_PKCS1_SHA2_384 successful",
      "09[IKE] <7> no EAP key found for hosts 'vpn.example.org' - 'ghost'",
      '09[IKE] <7> EAP-MS-CHAPv2 verification failed, retry (1)',
      "10[IKE] <8> tried 1 shared key for 'gw' - 'branch-2', but MAC mismatched",
      "11[IKE] <9> authentication of 'carol@example.org' with EAP successful",
    ]);
    assert.deepEqual(got, [
      ['failure', 'ghost', '198.51.100.8', 'true'],
      ['failure', 'branch-2', undefined, undefined],
      ['success', 'carol@example.org', undefined, undefined],
    ]);
  });

  void it('reads a line on its own without memory, and keeps the memory bounded', () => {
    const alone = draft(`${H}08[IKE] <con1|62> XAuth authentication of 'bob' failed`);
    assert.deepEqual([alone.dataset, alone.fields.event?.outcome, alone.fields.user?.name], ['strongswan', 'failure', 'bob']);
    const memory = new FileMemory();
    for (let i = 0; i < 10_000; i++) memory.ikeSa(String(i)).ip = '192.0.2.1';
    assert.equal(memory.size, 4096);
    assert.equal(memory.ikeSa('9999').ip, '192.0.2.1');
    assert.equal(memory.ikeSa('0').ip, undefined);
  });
});

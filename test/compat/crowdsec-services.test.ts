import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { compareParserFields, type Read } from './crowdsec-fields.ts';
import { dotted } from './shared-data.ts';

/**
 * The CrowdSec hub's parser tests of network services (mail, FTP, databases, VPN, Samba, Dropbear, Proxmox): the
 * client address, user and what else each parser asserts agree with our events of the same lines, whether the lines
 * come from the service's own log file or from syslog.
 */

const path = (p: string): Read => (e: VigilEvent) => dotted(e, p);
const label = (key: string): Read => (e: VigilEvent) => e.labels?.[key];
const upperLabel = (key: string): Read => (e: VigilEvent) => e.labels?.[key]?.toUpperCase();
const ip = path('source.ip');
/** CrowdSec keeps IPv4-mapped IPv6 as written (`::ffff:192.0.2.1`); our events hold the IPv4 address. */
const mappedIp: Read = (e) => {
  const address = e.source?.ip;
  return address !== undefined && e.event.original.includes(`::ffff:${address}`) ? `::ffff:${address}` : address;
};
/** CrowdSec's exim parser calls a refused recipient `target_user`; ours is the recipient (`mail.to`), not a login's user. */
const eximTarget: Read = (e) => e.user?.name ?? e.labels?.['mail.to'];
const user = path('user.name');

const CASES: ReadonlyArray<{ test: string; parser: string; format: string; fields: Readonly<Record<string, Read>>; results: number; compared: number }> = [
  { test: 'mariadb-logs', parser: 'crowdsecurity/mariadb-logs', format: 'mysql', results: 6, compared: 30,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Meta.user': user, 'Parsed.user': user, 'Parsed.using_password': upperLabel('mysql.using_password') } },
  { test: 'mysql-logs', parser: 'crowdsecurity/mysql-logs', format: 'mysql', results: 4, compared: 20,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Meta.user': user, 'Parsed.user': user, 'Parsed.using_password': upperLabel('mysql.using_password') } },
  { test: 'pgsql-logs', parser: 'crowdsecurity/pgsql-logs', format: 'postgresql', results: 2, compared: 13,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Parsed.source_port': path('source.port'), 'Meta.user': user, 'Parsed.pgsql_target_user': user, 'Meta.db': label('postgresql.database'), 'Meta.auth_method': label('postgresql.auth_method') } },
  { test: 'pgsql-user-enum', parser: 'crowdsecurity/supabase-docker-pgsql', format: 'postgresql', results: 6, compared: 36,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Meta.user': user, 'Parsed.pgsql_target_user': user, 'Meta.db': label('postgresql.database'), 'Meta.auth_method': label('postgresql.auth_method') } },
  { test: 'mssql-text-logs', parser: 'crowdsecurity/mssql-text-logs', format: 'mssql', results: 7, compared: 28,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Parsed.user': user, 'Parsed.reason_message': path('event.reason') } },
  { test: 'vsftpd-logs', parser: 'vsftpd-logs', format: 'vsftpd', results: 3, compared: 12,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Meta.user': user, 'Parsed.user': user } },
  { test: 'proftpd-logs', parser: 'proftpd-logs', format: 'proftpd', results: 5, compared: 20,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Parsed.username': user, 'Meta.target_user': user } },
  { test: 'pureftpd-logs', parser: 'fulljackz/pureftpd-logs', format: 'syslog', results: 15, compared: 60,
    fields: { 'Meta.source_ip': ip, 'Parsed.client_ip': ip, 'Parsed.user': user, 'Meta.source_user': user } },
  { test: 'exim-logs', parser: 'crowdsecurity/exim-logs', format: 'exim', results: 12, compared: 34,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Parsed.target_user': eximTarget } },
  { test: 'exim-syslog-logs', parser: 'crowdsecurity/exim-logs', format: 'syslog', results: 11, compared: 31,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Parsed.target_user': eximTarget } },
  { test: 'dovecot-logs', parser: 'crowdsecurity/dovecot-logs', format: 'syslog', results: 15, compared: 51,
    fields: { 'Meta.source_ip': ip, 'Parsed.dovecot_remote_ip': ip, 'Parsed.dovecot_user': user, 'Parsed.dovecot_local_ip': label('dovecot.local_ip') } },
  { test: 'postfix-logs', parser: 'crowdsecurity/postfix-logs', format: 'syslog', results: 7, compared: 7,
    fields: { 'Meta.source_ip': ip } },
  { test: 'smb-logs', parser: 'crowdsecurity/smb-logs', format: 'samba', results: 2, compared: 4,
    fields: { 'Meta.source_ip': ip, 'Meta.user': user } },
  { test: 'openvpn', parser: 'pserranoa/openvpn', format: 'openvpn', results: 8, compared: 16,
    fields: { 'Meta.source_ip': ip, 'Parsed.source_ip': ip, 'Parsed.sport': path('source.port'), 'Parsed.source_port': path('source.port') } },
  { test: 'proxmox-logs', parser: 'fulljackz/proxmox-logs', format: 'syslog', results: 17, compared: 51,
    fields: { 'Meta.source_ip': mappedIp, 'Parsed.client_ip': mappedIp, 'Parsed.source_user': user } },
];

for (const c of CASES) {
  test(`CrowdSec hub ${c.test} parser test: asserted client and user fields agree`, async (t) => {
    const done = await compareParserFields(t, c.test, c.parser, c.format, c.fields);
    if (done === undefined) return;
    assert.equal(done.results, c.results);
    assert.ok(done.compared >= c.compared, `${String(done.compared)} fields compared`);
  });
}

import type { EventFields } from '../../../schema/event.ts';
import { ipPort } from '../../values.ts';
import { keyValues, labelsOf } from '../syslog/util.ts';
import { client, login, type ServiceDecoder } from './login.ts';

/** Remote-access services' logins: OpenVPN, Dropbear (SSH on routers and appliances), Samba and Proxmox VE. */

// ---- OpenVPN server: `[common name/]203.0.113.9:51234[/name] message`.
const OVPN_PEER = /^(?:([^\s/]+)\/)?(\[?[0-9A-Fa-f.:]+?\]?:\d{1,5})(?:\/(\S+))? (.*)$/s;
const OVPN_USER_OK = /Username\/Password authentication succeeded for username '(.*)'/s;
const OVPN_USER_FAILED = /Auth Username\/Password verification failed|PLUGIN_AUTH_USER_PASS_VERIFY status=1|auth-user-pass-verify.*(?:error|fail)|\bAUTH_FAILED\b/s;
const OVPN_CERT_FAILED = /^(?:TLS Auth Error: Auth Certificate verification failed|VERIFY ERROR: (.*))/s;
const OVPN_TLS_ERROR = /^TLS Error: (.*?)(?: from \[AF_INET6?\].*)?$/s;
const OVPN_USERNAME = /username '([^']*)'/;

function openvpn(message: string): EventFields | undefined {
  const m = OVPN_PEER.exec(message);
  if (m === null) return undefined;
  const [, before, address, after, text] = m;
  const source = ipPort(address);
  if (source.ip === undefined) return undefined;
  const name = before ?? after;
  const labels = { 'openvpn.common_name': name };
  const ok = OVPN_USER_OK.exec(text!);
  if (ok !== null) return login({ outcome: 'success', user: ok[1], source, labels });
  if (OVPN_USER_FAILED.test(text!)) return login({ outcome: 'failure', user: OVPN_USERNAME.exec(text!)?.[1] ?? name, source, reason: 'username/password verification failed', labels });
  const cert = OVPN_CERT_FAILED.exec(text!);
  if (cert !== null) return login({ outcome: 'failure', user: name, source, reason: cert[1] ?? 'certificate verification failed', labels: { ...labels, 'openvpn.auth': 'certificate' } });
  const tls = OVPN_TLS_ERROR.exec(text!);
  if (tls !== null) return { event: { category: ['network'], type: ['connection'], action: 'openvpn-tls-error', outcome: 'failure', reason: tls[1] }, source, labels: labelsOf(labels) };
  if (text!.startsWith('Peer Connection Initiated')) return { event: { category: ['network'], type: ['connection', 'start'], action: 'openvpn-connection' }, source, labels: labelsOf(labels) };
  return { source, labels: labelsOf(labels) };
}

// ---- Dropbear: `Bad password attempt for 'root' from 203.0.113.9:51234`, `Password auth succeeded for 'root' from …`.
const DROPBEAR_BAD = /^Bad (?:PAM )?password attempt for '(.*)' from (\S+)$/s;
const DROPBEAR_NO_USER = /^Login attempt for nonexistent user(?: '(.*)')? from (\S+)$/s;
const DROPBEAR_OK = /^(?:PAM password|Password|Pubkey) auth succeeded for '(.*?)'(?: with .*?)? from (\S+)$/s;
const DROPBEAR_EXIT = /^Exit before auth(?: \(user '(.*?)', (\d+) fails\))? from <([^>]*)>: (.*)$/s;

function dropbear(message: string): EventFields | undefined {
  const labels = { 'ssh.server': 'dropbear' };
  const bad = DROPBEAR_BAD.exec(message);
  if (bad !== null) return login({ outcome: 'failure', user: bad[1], source: client(bad[2]), reason: 'bad password', labels });
  const none = DROPBEAR_NO_USER.exec(message);
  if (none !== null) return login({ outcome: 'failure', user: none[1], source: client(none[2]), reason: 'nonexistent user', unknownUser: true, labels });
  const ok = DROPBEAR_OK.exec(message);
  if (ok !== null) return login({ outcome: 'success', user: ok[1], source: client(ok[2]), labels });
  const exit = DROPBEAR_EXIT.exec(message);
  if (exit !== null) {
    return { event: { category: ['authentication'], type: ['end'], action: 'ssh-exit-before-auth', outcome: 'failure', reason: exit[4] }, user: exit[1] === undefined ? undefined : { name: exit[1] }, source: client(exit[3]), labels: labelsOf({ ...labels, 'ssh.failures': exit[2] }) };
  }
  return undefined;
}

// ---- Samba's authentication audit: `Auth: [SMB2,(null)] user [DOMAIN]\[bob] at [time] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [W] remote host [ipv4:203.0.113.9:51234] …`.
const SAMBA = /^Auth: \[([^\]]*)\] user \[([^\]]*)\]\\\[([^\]]*)\] at \[[^\]]*\] with \[([^\]]*)\] status \[([A-Z0-9_]+)\] workstation \[([^\]]*)\] remote host \[(ipv[46]):(.*?)\]/s;

function samba(message: string): EventFields | undefined {
  const m = SAMBA.exec(message);
  if (m === null) return undefined;
  const [, service, domain, user, method, status, workstation, family, remote] = m;
  const fields = login({
    outcome: status === 'NT_STATUS_OK' ? 'success' : 'failure', user, source: ipPort(remote, family === 'ipv6'), reason: status === 'NT_STATUS_OK' ? undefined : status,
    unknownUser: status === 'NT_STATUS_NO_SUCH_USER', labels: { 'smb.service': service, 'smb.auth_method': method, 'smb.workstation': workstation },
  });
  if (fields.user !== undefined && domain !== undefined && domain !== '') fields.user.domain = domain;
  return fields;
}

// ---- Proxmox VE (pvedaemon, pveproxy): `authentication failure; rhost=::ffff:203.0.113.9 user=root@pam msg=…`, `<root@pam> successful auth for user 'root@pam'`.
const PVE_OK = /^<[^>]*> successful auth for user '(.*)'$/s;

function proxmoxUser(value: string | undefined): { user?: string; realm?: string } {
  if (value === undefined) return {};
  const at = value.lastIndexOf('@');
  return at <= 0 ? { user: value } : { user: value.slice(0, at), realm: value.slice(at + 1) };
}

function proxmox(message: string): EventFields | undefined {
  if (message.startsWith('authentication failure; ')) {
    const msgAt = message.indexOf(' msg=');
    const pairs = keyValues(msgAt < 0 ? message : message.slice(0, msgAt));
    const reason = msgAt < 0 ? undefined : message.slice(msgAt + 5);
    const { user, realm } = proxmoxUser(pairs.user);
    return login({ outcome: 'failure', user, source: client(pairs.rhost), reason, unknownUser: reason?.startsWith('no such user') === true, labels: { 'proxmox.realm': realm } });
  }
  const ok = PVE_OK.exec(message);
  if (ok === null) return undefined;
  const { user, realm } = proxmoxUser(ok[1]);
  return login({ outcome: 'success', user, labels: { 'proxmox.realm': realm } });
}

export const openvpnDecoder: ServiceDecoder = { service: 'openvpn', programs: ['openvpn', 'ovpn-server', 'openvpn-server'], decode: openvpn };
export const dropbearDecoder: ServiceDecoder = { service: 'dropbear', programs: ['dropbear'], decode: dropbear };
export const sambaDecoder: ServiceDecoder = { service: 'samba', programs: ['smbd', 'smb', 'samba', 'samba-dcerpcd'], decode: samba };
export const proxmoxDecoder: ServiceDecoder = { service: 'proxmox', programs: ['pvedaemon', 'pveproxy', 'proxmox-backup-proxy', 'proxmox-backup-api'], decode: proxmox };

import type { EventFields } from '../../../../schema/event.ts';
import { ipOrDomain, ipPort, port } from '../../../values.ts';
import { field, labelsFrom, splitAccount } from './helpers.ts';
import type { WinRecord } from '../record.ts';
import type { Data, Mapper } from './types.ts';

/**
 * Lateral movement seen from both ends of remote administration, in logs that are on by default:
 * - the Remote Desktop client's log (TerminalServices-RDPClient/Operational, provider ClientActiveXCore), on the
 *   machine an intruder moves from: 1024 the server it tries (as typed: a name or an address), 1102 the server's
 *   address, 1027 the session opened there, 1026 the disconnection and its reason, 1029 the account's name hashed
 *   (Base64 of SHA-256 of its UTF-16LE text: a candidate name can be checked against it). The record's user (the
 *   SID) is who ran the client.
 * - WinRM's log (Microsoft-Windows-WinRM/Operational): on the client, 6 the session and its connection string
 *   (`dc01.corp.local:5985/wsman?PSVersion=5.1`, whose host is the destination); on the server, 91 a shell created
 *   (PowerShell remoting, `winrs`) for the record's user and 169 the account that authenticated and how; 142 an
 *   operation that failed, with its error code.
 */

/** A destination as written: an address with or without a port, else a host name (a trailing dot and a port after it read off). */
function destination(value: string | undefined): EventFields['destination'] {
  const text = value?.trim();
  if (text === undefined) return undefined;
  const address = ipPort(text);
  if (address.ip !== undefined) return address;
  const written = /^(.+?)\.?(?::(\d{1,5}))?$/.exec(text);
  const domain = ipOrDomain(written?.[1]).domain;
  if (domain === undefined) return undefined;
  const number = port(written?.[2]);
  return number === undefined || number === 0 ? { domain } : { domain, port: number };
}

const CONNECTION = ['network'];

/**
 * A value from its EventData name, else from the English message (Event Viewer's CSV, Get-WinEvent: no names kept).
 * The patterns read bounded runs without nested repeats: linear on any message.
 */
function valueOf(data: Data, record: WinRecord, name: string, pattern: RegExp): string | undefined {
  const own = field(data, name);
  if (own !== undefined) return own;
  const found = record.message === undefined ? null : pattern.exec(record.message);
  return found?.[1]?.trim() || undefined;
}

const MESSAGE = {
  server: /trying to connect to the server \(([^()\r\n]{1,255})\)/,
  transport: /multi-transport connection to the server ([^\s]{1,255}?)\.?(?:\r?\n|$)/,
  disconnect: /has been disconnected \(Reason= ?(\d{1,10})\)/,
  domain: /Connected to domain \(([^()\r\n]{1,255})\)/,
  session: /with session (\d{1,10})/,
  hash: /Base64\(SHA256\(UserName\)\) is = ([A-Za-z0-9+/=]{1,100})/,
  connection: /The connection string is: ([^\s]{1,2048})/,
  resourceUri: /with ResourceUri: ([^\s]{1,2048})/,
  user: /^User (.{1,256}?) authenticated successfully using ([A-Za-z0-9-]{1,64})/,
  operation: /WSMan operation ([A-Za-z]{1,64}) failed, error code (\d{1,12})/,
} as const;

function rdpClient(action: string, type: string[], read: (data: Data, record: WinRecord) => Pick<EventFields, 'destination' | 'labels'>, outcome?: 'success' | 'failure'): Mapper {
  return (data, record) => ({
    ...read(data, record),
    event: { category: CONNECTION, type, action, ...(outcome === undefined ? {} : { outcome }) },
    user: { id: record.systemUserId },
  });
}

/** 1029's `TraceMessage`: the hash, which Windows follows with a `-`. */
function userHash(data: Data, record: WinRecord): string | undefined {
  return valueOf(data, record, 'TraceMessage', MESSAGE.hash)?.replace(/-$/, '');
}

const labelOf = (name: string, value: string | undefined): Readonly<Record<string, string>> | undefined => (value === undefined ? undefined : { [name]: value });

export const RDP_CLIENT_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [1024, rdpClient('rdp-client-connecting', ['connection', 'start'], (data, record) => ({ destination: destination(valueOf(data, record, 'Value', MESSAGE.server)) }))],
  [1102, rdpClient('rdp-client-multi-transport', ['connection', 'start'], (data, record) => ({ destination: destination(valueOf(data, record, 'Value', MESSAGE.transport)) }))],
  [1025, rdpClient('rdp-client-connected', ['connection', 'start'], () => ({}), 'success')],
  [1027, rdpClient('rdp-client-session-opened', ['connection', 'start'], (data, record) => ({
    destination: destination(valueOf(data, record, 'DomainName', MESSAGE.domain)),
    labels: labelOf('session_id', valueOf(data, record, 'SessionID', MESSAGE.session)),
  }), 'success')],
  [1026, rdpClient('rdp-client-disconnected', ['connection', 'end'], (data, record) => ({ labels: labelOf('disconnect_reason', valueOf(data, record, 'Value', MESSAGE.disconnect)) }))],
  [1029, rdpClient('rdp-client-user-hash', ['info'], (data, record) => ({ labels: labelOf('rdp_user_sha256_base64', userHash(data, record)) }))],
];

/** WinRM 6's connection string: `host[:port][/wsman][?…]` or a URL (`http://host:5985/wsman`). */
function connectionTarget(value: string | undefined): EventFields['destination'] {
  if (value === undefined) return undefined;
  const bare = value.trim().replace(/^https?:\/\//i, '');
  const end = bare.search(/[/?]/);
  return destination(end < 0 ? bare : bare.slice(0, end));
}

const winrmSession: Mapper = (data, record) => {
  const connection = valueOf(data, record, 'connection', MESSAGE.connection);
  return {
    event: { category: CONNECTION, type: ['connection', 'start'], action: 'winrm-session-created' },
    destination: connectionTarget(connection),
    user: { id: record.systemUserId },
    labels: labelOf('winrm_connection', connection),
  };
};

const winrmShell: Mapper = (data, record) => ({
  event: { category: ['session'], type: ['start'], action: 'winrm-shell-created', outcome: 'success' },
  user: { id: record.systemUserId },
  labels: { ...labelOf('winrm_resource_uri', valueOf(data, record, 'resourceUri', MESSAGE.resourceUri)), ...labelsFrom(data, { winrm_shell_id: 'shellId' }) },
});

const winrmAuthenticated: Mapper = (data, record) => {
  const said = record.message === undefined ? null : MESSAGE.user.exec(record.message);
  return {
    event: { category: ['authentication'], type: ['start'], action: 'winrm-authenticated', outcome: 'success' },
    user: { ...splitAccount(field(data, 'username') ?? said?.[1]), id: record.systemUserId },
    labels: labelOf('authentication_mechanism', field(data, 'authenticationMechanism') ?? said?.[2]),
  };
};

const winrmFailed: Mapper = (data, record) => {
  const said = record.message === undefined ? null : MESSAGE.operation.exec(record.message);
  return {
    event: { category: CONNECTION, type: ['info'], action: 'winrm-operation-failed', outcome: 'failure' },
    user: { id: record.systemUserId },
    labels: { ...labelOf('winrm_operation', field(data, 'operationName') ?? said?.[1]), ...labelOf('error_code', field(data, 'errorCode') ?? said?.[2]) },
  };
};

export const WINRM_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [6, winrmSession],
  [91, winrmShell],
  [169, winrmAuthenticated],
  [142, winrmFailed],
];

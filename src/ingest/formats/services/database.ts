import type { EventFields } from '../../../schema/event.ts';
import { ip, ipOrDomain, port } from '../../values.ts';
import { findTimestamp } from '../aliases/time.ts';
import { labelsOf } from '../syslog/util.ts';
import { client, login, type ServiceDecoder, type ServiceLine } from './login.ts';

/** Database servers' logins: MySQL/MariaDB, PostgreSQL and Microsoft SQL Server, as their own logs or syslog write them. */


// ---- MySQL / MariaDB error log (and general log): `2021-10-28T08:06:45.411498Z 25 [Note] [MY-010926] [Server] …`,
// `2021-11-09  5:13:11 8 [Warning] …` (MariaDB), `220109 14:49:17 [Warning] …` (MySQL 5.1–5.5, yymmdd).
const MYSQL = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)?|\d{4}-\d\d-\d\d {1,2}\d{1,2}:\d\d:\d\d|\d{6} {1,2}\d{1,2}:\d\d:\d\d)\s+(?:(\d{1,20})\s+)?(?:\[(Note|Warning|ERROR|Error|System|Information)\]\s+)?(?:\[(MY-\d+)\]\s+)?(?:\[(\w+)\]\s+)?(?:(Connect|Quit|Query|Init DB|Execute|Prepare|Close stmt)(?:\t|\s{2,}|$))?\s*(.*)$/s;
const SHORT_DATE = /^(\d{2})(\d{2})(\d{2}) {1,2}(\d{1,2}):/;
const LOOSE_HOUR = /^(\d{4}-\d\d-\d\d) {1,2}(\d{1,2}):/;

function mysqlTime(text: string): string {
  const short = SHORT_DATE.exec(text);
  if (short !== null) return `20${short[1]!}-${short[2]!}-${short[3]!} ${short[4]!.padStart(2, '0')}:${text.slice(short[0].length)}`;
  const loose = LOOSE_HOUR.exec(text);
  return loose === null ? text : `${loose[1]!} ${loose[2]!.padStart(2, '0')}:${text.slice(loose[0].length)}`;
}

export function mysqlLine(line: string): ServiceLine | undefined {
  const m = MYSQL.exec(line);
  if (m === null) return undefined;
  const [, time, thread, level, code, subsystem, command, message] = m;
  // Without a level, a code or a general-log command, `<date> <number> <text>` is any log's line, not MySQL's; and
  // `<date> [ERROR] text` is many applications' layout: MySQL's has a thread id, a MY- code or its yymmdd date.
  if (level === undefined && code === undefined && command === undefined) return undefined;
  if (thread === undefined && code === undefined && !SHORT_DATE.test(time!)) return undefined;
  return { time: mysqlTime(time!), message: message!, labels: { 'mysql.thread': thread, 'mysql.level': level, 'mysql.code': code, 'mysql.subsystem': subsystem, 'mysql.command': command } };
}

const MYSQL_DENIED = /^Access denied for user '(.*)'@'([^']*)'(?: \(using password: (YES|NO)\))?/s;
const MYSQL_CONNECT = /^(\S+)@(\S+) on (\S*)(?: using (.*))?$/s;
const MYSQL_ABORTED = /^Aborted connection \d+ to db: '([^']*)' user: '([^']*)' host: '([^']*)' \((.*)\)$/s;
const MYSQL_BLOCKED = /^Host '([^']*)' is blocked because of many connection errors/;

function mysqlMessage(message: string, command?: string): EventFields | undefined {
  const denied = MYSQL_DENIED.exec(message);
  if (denied !== null) return login({ outcome: 'failure', user: denied[1], source: ipOrDomain(denied[2]), reason: 'access denied', labels: { 'mysql.using_password': denied[3]?.toLowerCase() } });
  if (command === 'Connect') {
    const connect = MYSQL_CONNECT.exec(message);
    if (connect !== null) return login({ outcome: 'success', user: connect[1], source: ipOrDomain(connect[2]), labels: { 'mysql.database': connect[3], 'mysql.transport': connect[4] } });
  }
  const aborted = MYSQL_ABORTED.exec(message);
  if (aborted !== null) {
    return { event: { category: ['network'], type: ['connection', 'end'], action: 'mysql-aborted-connection', reason: aborted[4] }, user: { name: aborted[2]! }, source: ipOrDomain(aborted[3]), labels: labelsOf({ 'mysql.database': aborted[1] }) };
  }
  const blocked = MYSQL_BLOCKED.exec(message);
  if (blocked !== null) return { event: { category: ['network'], type: ['denied'], action: 'mysql-host-blocked', outcome: 'failure' }, source: ipOrDomain(blocked[1]) };
  return undefined;
}

/** The fields of one error-log or general-log line, its prefix's labels under the message's. */
export function mysqlFields(line: ServiceLine): EventFields | undefined {
  const fields = mysqlMessage(line.message, line.labels?.['mysql.command']);
  return fields === undefined ? undefined : { ...fields, labels: { ...labelsOf(line.labels ?? {}), ...fields.labels } };
}

/** Syslog carries the error log's whole line (`mysqld[12]: 2020-04-16T05:13:40.861934Z 344 [Note] Access denied …`). */
function mysql(message: string): EventFields | undefined {
  const line = mysqlLine(message);
  return line === undefined ? mysqlMessage(message) : mysqlFields(line);
}

// ---- PostgreSQL: `<log_line_prefix>SEVERITY:  message`, the prefix as configured (time, pid, client, user@db).
const PG_SEVERITY = /(?:^|[\s:\]])(LOG|FATAL|ERROR|WARNING|PANIC|DETAIL|HINT|STATEMENT|NOTICE|INFO|DEBUG[1-5]?|CONTEXT|QUERY|LOCATION): {2}/;
const PG_PID = /\[(\d{1,10})\]/;
const PG_USER_DB = /(?:^|[\s:])([^\s@:[\]()]+)@([^\s@:[\]()]+)(?=[\s:]|$)/;
const PG_PAIRS = /\b(user|db|host|client|app)=([^\s,]+)/g;

function pgClient(prefix: string): { ip?: string; port?: number } | undefined {
  for (const token of prefix.split(/\s+/)) {
    const m = /^\[?([0-9A-Fa-f.:]+?)\]?(?:\((\d{1,5})\))?:?$/.exec(token);
    const address = m === null ? undefined : ip(m[1]);
    if (address !== undefined && m !== null) return { ip: address, port: port(m[2]) };
  }
  // `%m:%r:%u@%d:[%p]:`: colon-separated, so only an IPv4 client can be told apart.
  const v4 = /(?:^|[\s:])(\d{1,3}(?:\.\d{1,3}){3})(?:\((\d{1,5})\))?(?=[\s:]|$)/.exec(prefix);
  return v4 === null ? undefined : { ip: ip(v4[1]), port: port(v4[2]) };
}

function pidOf(prefix: string): number | undefined {
  const pid = PG_PID.exec(prefix)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

export function postgresLine(line: string): ServiceLine | undefined {
  const severity = PG_SEVERITY.exec(line);
  if (severity === null) return undefined;
  const start = severity.index + severity[0].length - severity[1]!.length - 3;
  const prefix = line.slice(0, Math.max(0, start));
  const message = line.slice(severity.index + severity[0].length);
  const time = findTimestamp(prefix);
  const pairs = new Map([...prefix.matchAll(PG_PAIRS)].map((m) => [m[1]!, m[2]!]));
  const userDb = PG_USER_DB.exec(prefix);
  const source = pairs.has('host') ? client(pairs.get('host')) : pgClient(prefix.replace(PG_USER_DB, ' '));
  const user = pairs.get('user') ?? userDb?.[1];
  return {
    time: time?.text,
    message,
    pid: pidOf(prefix),
    labels: { 'postgresql.severity': severity[1], 'postgresql.database': pairs.get('db') ?? userDb?.[2] },
    fields: { user: user === undefined || user === '[unknown]' ? undefined : { name: user }, source },
  };
}

const PG_AUTH_FAILED = /^(\w+) authentication failed for user "(.*)"/s;
const PG_HBA = /^no pg_hba\.conf entry for (?:replication connection from )?host "([^"]*)", user "([^"]*)"(?:, database "([^"]*)")?/s;
const PG_NO_ROLE = /^role "(.*)" does not exist$/s;
const PG_AUTHORIZED = /^(?:replication )?connection authorized: user=(\S+)(?: database=(\S+))?/;
const PG_RECEIVED = /^connection received: host=(\S+?)(?: port=(\d{1,5}))?$/;

function postgresMessage(message: string): EventFields | undefined {
  const failed = PG_AUTH_FAILED.exec(message);
  if (failed !== null) return login({ outcome: 'failure', user: failed[2], reason: `${failed[1]!} authentication failed`, labels: { 'postgresql.auth_method': failed[1]!.toLowerCase() } });
  const hba = PG_HBA.exec(message);
  if (hba !== null) return login({ outcome: 'failure', user: hba[2], source: client(hba[1]), reason: 'no pg_hba.conf entry', labels: { 'postgresql.database': hba[3] } });
  const role = PG_NO_ROLE.exec(message);
  if (role !== null) return login({ outcome: 'failure', user: role[1], reason: 'role does not exist', unknownUser: true });
  const authorized = PG_AUTHORIZED.exec(message);
  if (authorized !== null) return login({ outcome: 'success', user: authorized[1], labels: { 'postgresql.database': authorized[2] } });
  const received = PG_RECEIVED.exec(message);
  if (received !== null) return { event: { category: ['network'], type: ['connection', 'start'], action: 'postgresql-connection' }, source: { ...client(received[1]), port: port(received[2]) } };
  return undefined;
}

/**
 * The fields of one server-log line: what the prefix says under what the message says (the message's user is the
 * one the client asked for).
 */
export function postgresFields(line: ServiceLine): EventFields | undefined {
  const fields = postgresMessage(line.message);
  if (fields === undefined) return undefined;
  return {
    ...fields,
    user: fields.user ?? line.fields?.user,
    source: fields.source?.ip !== undefined || fields.source?.domain !== undefined ? fields.source : line.fields?.source,
    labels: { ...labelsOf(line.labels ?? {}), ...fields.labels },
  };
}

function postgres(message: string): EventFields | undefined {
  const line = postgresLine(message);
  return line === undefined ? postgresMessage(message) : postgresFields(line);
}

// ---- Microsoft SQL Server ERRORLOG: `2022-12-20 12:36:54.17 Logon       Login failed for user 'sa'. Reason: … [CLIENT: 172.17.0.3]`.
const MSSQL = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{2,3}) (Server|Logon|Backup|spid\d+s?)\s+(.*)$/s;
const MSSQL_LOGIN = /^Login (failed|succeeded) for user '(.*?)'\.(?: Reason: (.*?))?(?: Connection made using (.*?)\.)?\s*\[CLIENT: ([^\]]*)\]\s*$/s;
const MSSQL_ERROR = /^Error: (\d+), Severity: (\d+), State: (\d+)\.$/;

export function mssqlLine(line: string): ServiceLine | undefined {
  const m = MSSQL.exec(line);
  return m === null ? undefined : { time: m[1], message: m[3]!, labels: { 'mssql.source': m[2] } };
}

function mssql(message: string): EventFields | undefined {
  const loginLine = MSSQL_LOGIN.exec(message);
  if (loginLine !== null) {
    const [, verdict, user, reason, method, address] = loginLine;
    const trimmed = reason?.replace(/\.$/, '');
    return login({
      outcome: verdict === 'failed' ? 'failure' : 'success', user, source: client(address), reason: trimmed,
      unknownUser: trimmed !== undefined && /could not find a login/i.test(trimmed), labels: { 'mssql.auth_method': method },
    });
  }
  const error = MSSQL_ERROR.exec(message);
  if (error !== null) return { event: { code: error[1], type: ['info'] }, labels: { 'mssql.severity': error[2]!, 'mssql.state': error[3]! } };
  return undefined;
}

export const mysqlDecoder: ServiceDecoder = { service: 'mysql', programs: ['mysqld', 'mysql', 'mariadbd', 'mariadb', 'mysqld_safe'], decode: mysql };
export const postgresDecoder: ServiceDecoder = { service: 'postgresql', programs: ['postgres', 'postgresql', 'postmaster'], decode: postgres };
export const mssqlDecoder: ServiceDecoder = { service: 'mssql', programs: ['sqlservr', 'mssql', 'mssql-server'], decode: (message) => mssql(mssqlLine(message)?.message ?? message) };

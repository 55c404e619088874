import type { Draft } from '../../format.ts';
import type { EventFields, Outcome } from '../../../schema/event.ts';
import { baseName, compact, int, ip, ipOrDomain, str } from '../../values.ts';
import type { AuditRecord } from './record.ts';

/** Turns the records of one audit event (same serial) into one draft. */

export type AuditRecords = readonly [AuditRecord, ...AuditRecord[]];

interface Kind {
  category: string[];
  type: string[];
}

const AUTH_INFO: Kind = { category: ['authentication'], type: ['info'] };
const KINDS: ReadonlyMap<string, Kind> = new Map([
  ['USER_AUTH', AUTH_INFO],
  ['USER_ACCT', AUTH_INFO],
  ['USER_ERR', AUTH_INFO],
  ['CRED_ACQ', AUTH_INFO],
  ['CRED_DISP', AUTH_INFO],
  ['CRED_REFR', AUTH_INFO],
  ['USER_LOGIN', { category: ['authentication'], type: ['start'] }],
  ['USER_LOGOUT', { category: ['authentication'], type: ['end'] }],
  ['LOGIN', { category: ['session'], type: ['start'] }],
  ['USER_START', { category: ['session'], type: ['start'] }],
  ['USER_END', { category: ['session'], type: ['end'] }],
  ['ADD_USER', { category: ['iam'], type: ['user', 'creation'] }],
  ['DEL_USER', { category: ['iam'], type: ['user', 'deletion'] }],
  ['USER_MGMT', { category: ['iam'], type: ['user', 'change'] }],
  ['USER_CHAUTHTOK', { category: ['iam'], type: ['user', 'change'] }],
  ['ACCT_LOCK', { category: ['iam'], type: ['user', 'change'] }],
  ['ACCT_UNLOCK', { category: ['iam'], type: ['user', 'change'] }],
  ['ADD_GROUP', { category: ['iam'], type: ['group', 'creation'] }],
  ['DEL_GROUP', { category: ['iam'], type: ['group', 'deletion'] }],
  ['GRP_MGMT', { category: ['iam'], type: ['group', 'change'] }],
  ['GRP_CHAUTHTOK', { category: ['iam'], type: ['group', 'change'] }],
  ['USER_CMD', { category: ['process'], type: ['start'] }],
  ['EXECVE', { category: ['process'], type: ['start'] }],
  ['SERVICE_START', { category: ['process'], type: ['start'] }],
  ['SERVICE_STOP', { category: ['process'], type: ['end'] }],
  ['ANOM_ABEND', { category: ['process'], type: ['end'] }],
  ['CONFIG_CHANGE', { category: ['configuration'], type: ['change'] }],
]);

const GROUP_TYPES = new Set(['ADD_GROUP', 'DEL_GROUP', 'GRP_MGMT', 'GRP_CHAUTHTOK']);
/** execve(2) numbers by audit arch: x86_64, i386, aarch64. */
const EXECVE_SYSCALLS = new Map<string, readonly string[]>([['c000003e', ['59', '322']], ['40000003', ['11', '358']], ['c00000b7', ['221', '281']]]);
const UNSET_IDS = new Set(['4294967295', '-1', 'unset']);
const ARG = /^a(\d{1,6})(?:\[(\d{1,6})\])?$/;
const MAX_ARGS = 10_000;
const NUMERIC = /^\d+$/;
const NON_WORD = /[^a-z0-9]+/g;
const EDGE_DASHES = /^-+|-+$/g;

/** The records of one event by type, and a lookup over all of them (the main record first). */
class Event {
  readonly main: AuditRecord;
  constructor(readonly records: AuditRecords) {
    this.main = records.find((r) => r.type === 'SYSCALL') ?? records[0];
  }
  of(type: string): AuditRecord | undefined {
    return this.records.find((r) => r.type === type);
  }
  get(key: string): string | undefined {
    const value = this.main.fields.get(key) ?? this.records.find((r) => r.fields.has(key))?.fields.get(key);
    return str(value);
  }
}

export function kebab(type: string): string {
  return type.toLowerCase().replace(NON_WORD, '-').replace(EDGE_DASHES, '');
}

function isExec(ev: Event): boolean {
  if (ev.of('EXECVE') !== undefined) return true;
  if (ev.main.type !== 'SYSCALL') return false;
  if (ev.get('SYSCALL') === 'execve') return true;
  const numbers = EXECVE_SYSCALLS.get(ev.get('arch') ?? '');
  return numbers !== undefined && numbers.includes(ev.get('syscall') ?? '');
}

/** EXECVE arguments in order; long ones arrive in chunks `a1[0]`, `a1[1]` … */
function execArgs(record: AuditRecord): string | undefined {
  const args: string[][] = [];
  for (const [key, value] of record.fields) {
    const m = ARG.exec(key);
    if (m === null) continue;
    const index = Number(m[1]);
    const chunk = Number(m[2] ?? '0');
    if (index > MAX_ARGS || chunk > MAX_ARGS) continue;
    const chunks = args[index] ?? [];
    chunks[chunk] = value;
    args[index] = chunks;
  }
  const joined = args.filter((chunks) => chunks !== undefined).map((chunks) => chunks.join(''));
  return joined.length > 0 ? joined.join(' ') : undefined;
}

function outcomeOf(ev: Event): Outcome | undefined {
  // ANOM_* records report a crash or policy anomaly; their res= is not the outcome of an action.
  if (ev.main.type.startsWith('ANOM_')) return undefined;
  const flag = (ev.get('success') ?? ev.get('res'))?.toLowerCase();
  if (flag === undefined) return undefined;
  if (flag === 'yes' || flag === 'success' || flag === '1') return 'success';
  if (flag === 'no' || flag === 'failed' || flag === 'fail' || flag === '0') return 'failure';
  return undefined;
}

function validId(value: string | undefined): string | undefined {
  return value === undefined || UNSET_IDS.has(value) ? undefined : value;
}

function numericId(value: string | undefined): string | undefined {
  const id = validId(value);
  return id !== undefined && NUMERIC.test(id) ? id : undefined;
}

function userFields(ev: Event, kind: Kind | undefined): EventFields['user'] {
  const iam = kind?.category[0] === 'iam';
  const acct = ev.get('acct');
  // `ausearch -i` output carries names instead of numbers in auid=/uid=.
  const rawAuid = validId(ev.get('auid'));
  const auid = rawAuid !== undefined && NUMERIC.test(rawAuid) ? rawAuid : undefined;
  const interpreted = rawAuid !== undefined && auid === undefined ? rawAuid : undefined;
  const id = validId(ev.get('id'));
  const target = iam ? { name: GROUP_TYPES.has(ev.main.type) ? undefined : acct, id } : undefined;
  const name = ev.get('AUID') ?? (iam ? undefined : acct) ?? interpreted ?? ev.get('UID');
  const effective = ev.get('EUID');
  return {
    // uid= of a USER_*/CRED_* record is the daemon's (sshd runs as root); the account is acct=.
    id: auid ?? (!iam && ev.main.type.startsWith('USER_') ? id : undefined) ?? (acct === undefined ? numericId(ev.get('uid')) : undefined),
    name,
    target,
    effective: effective !== undefined && effective !== name ? { name: effective } : undefined,
    group: GROUP_TYPES.has(ev.main.type) ? { name: ev.get('grp') ?? acct, id } : undefined,
  };
}

function processFields(ev: Event): EventFields['process'] {
  const execve = ev.of('EXECVE');
  const title = ev.of('PROCTITLE')?.fields.get('proctitle');
  const command = (execve === undefined ? undefined : execArgs(execve)) ?? ev.get('cmd') ?? title;
  const exe = ev.get('exe');
  return {
    pid: int(ev.get('pid')),
    parent: { pid: int(ev.get('ppid')) },
    executable: exe,
    name: ev.get('comm') ?? baseName(exe),
    command_line: command,
    working_directory: ev.of('CWD')?.fields.get('cwd') ?? ev.get('cwd'),
  };
}

function fileFields(ev: Event, exec: boolean): EventFields['file'] {
  if (exec) return undefined;
  const path = ev.records.find((r) => r.type === 'PATH' && r.fields.get('nametype') !== 'PARENT')?.fields.get('name');
  return path === undefined ? undefined : { path, name: baseName(path) };
}

const LABEL_KEYS = ['auid', 'uid', 'euid', 'gid', 'ses', 'tty', 'terminal', 'arch', 'exit', 'op', 'sig', 'subj'];

function labelFields(ev: Event): Record<string, string> {
  const labels: Record<string, string> = { serial: ev.main.serial, records: ev.records.map((r) => r.type).join(',') };
  for (const key of LABEL_KEYS) {
    const value = ev.get(key);
    if (value !== undefined) labels[key] = value;
  }
  const key = ev.get('key');
  if (key !== undefined) labels.key = key;
  const syscall = ev.main.type === 'SYSCALL' ? ev.get('syscall') : undefined;
  if (syscall !== undefined) labels.syscall = syscall;
  const syscallName = ev.get('SYSCALL');
  if (syscallName !== undefined) labels.syscall_name = syscallName;
  return labels;
}

export function auditDraft(records: AuditRecords): Draft {
  const ev = new Event(records);
  const exec = isExec(ev);
  const kind = KINDS.get(exec ? 'EXECVE' : ev.main.type);
  const path = fileFields(ev, exec);
  const host = ip(ev.main.node);
  const addr = ip(ev.get('addr'));
  // hostname= names the peer only when addr= holds one; local actions log the machine's own name there.
  const origin = addr === undefined ? { ip: ip(ev.get('hostname')) } : { ...ipOrDomain(ev.get('hostname')), ip: addr };
  const fields: EventFields = {
    event: {
      category: kind?.category ?? (path === undefined ? undefined : ['file']),
      type: kind?.type ?? (path === undefined ? undefined : ['info']),
      action: exec ? 'execve' : kebab(ev.main.type),
      outcome: outcomeOf(ev),
      module: 'auditd',
    },
    host: host === undefined ? { name: ev.main.node } : { name: ev.main.node, ip: host },
    user: userFields(ev, kind),
    process: processFields(ev),
    file: path,
    source: origin,
    service: { name: ev.get('unit') },
    labels: labelFields(ev),
  };
  return {
    time: records[0].time,
    dataset: 'auditd',
    fields: compact(fields),
    line: records[0].line,
    offset: records[0].offset,
    original: records.map((r) => r.text).join('\n'),
  };
}

import type { Outcome } from '../../../schema/event.ts';
import { int, ip, ipPort, num, port, str } from '../../values.ts';
import { timeValue } from './time.ts';

/** How a value is read for one schema field; a converter returns undefined when the value does not fit. */
export type Kind =
  | 'time'
  | 'ip'
  | 'port'
  | 'domain'
  | 'text'
  | 'message'
  | 'int'
  | 'num'
  | 'outcome'
  | 'code'
  | 'word'
  | 'status'
  | 'method'
  | 'lower'
  | 'category'
  | 'type';

export type Value = string | number | string[];

const SUCCESS_VALUES = new Set([
  'success', 'succeeded', 'successful', 'ok', 'allow', 'allowed', 'accept', 'accepted', 'true', 'pass',
  'passed', 'permit', 'permitted', 'granted',
]);
const FAILURE_VALUES = new Set([
  'fail', 'failed', 'failure', 'denied', 'deny', 'blocked', 'block', 'drop', 'dropped', 'reject', 'rejected',
  'false', 'error', 'unauthorized', 'forbidden',
]);

/** Outcome of a whole field value (`status: "failed"`, `success: true`); `info` and the like mean nothing. */
export function outcomeOfValue(value: unknown): Outcome | undefined {
  const s = str(value)?.toLowerCase();
  if (s === undefined) return undefined;
  if (SUCCESS_VALUES.has(s)) return 'success';
  if (FAILURE_VALUES.has(s)) return 'failure';
  return s === 'unknown' ? 'unknown' : undefined;
}

/** ECS `event.category` and `event.type` allowed values: only these are taken as given. */
const ECS_CATEGORIES = new Set([
  'api', 'authentication', 'configuration', 'database', 'driver', 'email', 'file', 'host', 'iam',
  'intrusion_detection', 'library', 'malware', 'network', 'package', 'process', 'registry', 'session',
  'threat', 'vulnerability', 'web',
]);
const ECS_TYPES = new Set([
  'access', 'admin', 'allowed', 'change', 'connection', 'creation', 'deletion', 'denied', 'end', 'error',
  'group', 'indicator', 'info', 'installation', 'protocol', 'start', 'user',
]);

function ecsList(allowed: ReadonlySet<string>, value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const out = items.flatMap((item) => {
    const s = str(item)?.toLowerCase();
    return s !== undefined && allowed.has(s) ? [s] : [];
  });
  return out.length > 0 && out.length === items.length ? out : undefined;
}

const WORD = /^[a-z][a-z0-9_.-]{0,23}$/i;
/** Native event ids end in a number (`4625`, `AUTH-1001`); random record ids (`Xk3Lp9Qm…`) do not fit. */
const CODE = /^[a-z]{0,12}[-_.:]?\d{1,10}$/i;
const METHOD = /^[a-z]{3,12}$/i;
const HOST_NAME = /^[a-z0-9][a-z0-9.-]*$/i;
const HOST_WITH_PORT = /^([a-z0-9][a-z0-9.-]*):\d{1,5}$/i;
const MAX_TEXT = 65_536;

function text(value: unknown): string | undefined {
  // A header as Go servers (Caddy, Traefik) log it: the list of its values, nearly always one.
  const s = str(Array.isArray(value) && value.length === 1 ? value[0] : value);
  return s !== undefined && s.length <= MAX_TEXT ? s : undefined;
}

function address(value: unknown): string | undefined {
  const direct = ip(value);
  if (direct !== undefined || typeof value !== 'string') return direct;
  const withPort = ipPort(value.trim()).ip;
  if (withPort !== undefined) return withPort;
  // A forwarded-for list (`192.168.1.100, 10.0.0.50`, as Traefik's ClientHost): the client is the first address.
  const comma = value.indexOf(',');
  return comma > 0 ? ip(value.slice(0, comma).trim()) : undefined;
}

/** A port, or the port of an address with its port. */
function portOf(value: unknown): number | undefined {
  const direct = port(value);
  return direct !== undefined || typeof value !== 'string' ? direct : ipPort(value.trim()).port;
}

const CONVERTERS: Record<Kind, (value: unknown) => Value | undefined> = {
  time: timeValue,
  ip: address,
  port: portOf,
  domain: (value) => {
    const written = str(value);
    // A Host header with its port (`shop.example.com:8443`): the host.
    const s = written === undefined ? undefined : HOST_WITH_PORT.exec(written)?.[1] ?? written;
    return s !== undefined && ip(s) === undefined && HOST_NAME.test(s) && s.length <= 253 ? s.toLowerCase() : undefined;
  },
  text,
  message: (value) => (typeof value === 'string' ? text(value) : undefined),
  int,
  num,
  outcome: outcomeOfValue,
  code: (value) => {
    const s = str(value);
    return s !== undefined && CODE.test(s) ? s : undefined;
  },
  word: (value) => {
    const s = str(value);
    return s !== undefined && WORD.test(s) ? s.toLowerCase() : undefined;
  },
  status: (value) => {
    const n = int(value);
    return n !== undefined && n >= 100 && n <= 599 ? n : undefined;
  },
  method: (value) => {
    const s = str(value);
    return s !== undefined && METHOD.test(s) ? s.toUpperCase() : undefined;
  },
  lower: (value) => text(value)?.toLowerCase(),
  category: (value) => ecsList(ECS_CATEGORIES, value),
  type: (value) => ecsList(ECS_TYPES, value),
};

export function convert(kind: Kind, value: unknown): Value | undefined {
  return CONVERTERS[kind](value);
}

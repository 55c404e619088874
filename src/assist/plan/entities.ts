import { isIP } from 'node:net';
import type { EntityRef } from '../../schema/assist.ts';

/**
 * Entities a question names: IP addresses (v4, v6), ATT&CK technique ids, users and hosts after a marker word
 * ("user alice", "account svc_backup", "host web-01", "on srv-web-01"), and, when a lookup into the store is
 * given, any other word that is a known user or host name ("what did alice do?").
 */

/** The stored spelling of a user or host name (exact, else case-folded), or undefined when the store has none. */
export type EntityLookup = (kind: 'user' | 'host', value: string) => string | undefined;

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\w)/g;
const IPV6 = /(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/gi;
const TECHNIQUE = /\bT\d{4}(?:\.\d{3})?\b/gi;
const VALUE = String.raw`["'\x60]?([\p{L}\p{N}_$@\\][\p{L}\p{N}_.@\\$-]{0,127}?)["'\x60]?(?=[\s,;:?!)]|\.(?:\s|$)|$)`;
const USER_MARKER = new RegExp(String.raw`\b(?:user(?: ?name)?|account|login|principal|member)(?: named| called)? ${VALUE}`, 'giu');
const HOST_MARKER = new RegExp(String.raw`\b(?:host(?: ?name)?|server|machine|workstation|computer|endpoint|device|box|node|system)(?: named| called)? ${VALUE}`, 'giu');
/** "on web-01": only a token that looks like a machine name (a digit, a hyphen or a dot inside). */
const ON_HOST = new RegExp(String.raw`\b(?:on|at|from|to) ${VALUE}`, 'giu');
const WORD = /[\p{L}\p{N}_][\p{L}\p{N}_.@\\$-]{1,127}/gu;

/** Words a marker may be followed by that are not names ("user accounts", "account lockouts"). */
const NOT_NAMES = new Set(
  `a an the any all each every some this that these those which what who whose whom its their our my your his her
  is are was were be been has have had do does did can could should would will may might must
  and or not no with without for from by of on in at to into onto via as
  name names named called account accounts user users login logins logon logons host hosts server servers machine machines
  activity activities action actions event events log logs data attempt attempts failure failures success successes
  lockout lockouts lockups creation created deleted changes changed management manager privileges privilege rights
  level levels side level type types list details information info behavior behaviour history timeline summary
  internet network networks external internal outside inside public private remote local source sources destination
  system systems time times day days hour hours week weeks month months today yesterday now first last
  attack attacks attacker attackers threat threats incident incidents alert alerts ip ips address addresses
  successful unsuccessful failed failing invalid valid unknown suspicious malicious same other another
  show list give tell find identify analyze analyse summarize summarise provide explain describe detect detected
  potential possible security related patterns pattern indicators indicator brute force critical severe most unusual
  there here where when why how many much more less top please also only just about over under between since until`.split(/\s+/),
);

function push(out: EntityRef[], kind: EntityRef['kind'], value: string): void {
  if (!out.some((e) => e.kind === kind && e.value === value)) out.push({ kind, value });
}

function plausibleName(value: string): boolean {
  return value.length >= 2 && !NOT_NAMES.has(value.toLowerCase()) && isIP(value) === 0 && !/^\d+$/.test(value) && !/^T\d{4}/i.test(value);
}

function machineLike(value: string): boolean {
  return /[\d.-]/.test(value.slice(1, -1)) && /[a-z]/i.test(value) && !/^\d{4}-\d{2}/.test(value);
}

function markers(text: string, re: RegExp, accept: (v: string) => boolean): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const value = m[1]?.replace(/[.]+$/, '');
    if (value !== undefined && accept(value)) out.push(value);
  }
  return out;
}

export function extractEntities(text: string, lookup?: EntityLookup): EntityRef[] {
  const out: EntityRef[] = [];
  for (const m of text.matchAll(IPV4)) if (isIP(m[0]) === 4) push(out, 'ip', m[0]);
  for (const m of text.matchAll(IPV6)) if (m[0].includes('::') || m[0].split(':').length >= 4) if (isIP(m[0]) === 6) push(out, 'ip', m[0].toLowerCase());
  for (const m of text.matchAll(TECHNIQUE)) push(out, 'technique', m[0].toUpperCase());
  const known = (kind: 'user' | 'host', v: string) => lookup?.(kind, v) ?? v;
  for (const v of markers(text, USER_MARKER, plausibleName)) push(out, 'user', known('user', v));
  for (const v of markers(text, HOST_MARKER, plausibleName)) push(out, 'host', known('host', v));
  for (const v of markers(text, ON_HOST, (v) => plausibleName(v) && machineLike(v))) {
    if (!out.some((e) => e.value === v)) push(out, 'host', known('host', v));
  }
  if (lookup !== undefined) fromStore(text, lookup, out);
  return out;
}

/** Other words that the store knows as a user or host name (at most 40 words looked up). */
function fromStore(text: string, lookup: EntityLookup, out: EntityRef[]): void {
  const words = [...new Set((text.match(WORD) ?? []).map((w) => w.replace(/[.]+$/, '')))].filter((w) => plausibleName(w) && !out.some((e) => e.value === w));
  for (const word of words.slice(0, 40)) {
    const user = lookup('user', word);
    const host = user === undefined ? lookup('host', word) : undefined;
    if (user !== undefined) push(out, 'user', user);
    else if (host !== undefined) push(out, 'host', host);
  }
}

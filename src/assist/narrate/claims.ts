import { isIPv4, isIPv6 } from 'node:net';
import type { FlaggedClaim } from '../../schema/assist.ts';
import { ipv6Groups } from '../../util/ip-parse.ts';
import { isHostTld } from './domains.ts';
import { NAME_STOPWORDS } from './stopwords.ts';

/** Something checkable an answer states: an entity by kind, with the form it is compared in (`key`). */
export interface Claim {
  kind: FlaggedClaim['kind'];
  value: string;
  key: string;
}

const URL_RE = /\b(?:https?|ftp|wss?):\/\/[^\s<>"'`)\]]+/gi;
const EMAIL_RE = /(?<![\w.+-])[\w.+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,24}(?![\w-])/gi;
const IPV4_RE = /(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)/g;
const IPV6_RE = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,4})?(?:%[\w.]+)?(?![\w:]|\.\d)/gi;
const TECHNIQUE_RE = /\b[Tt]\d{4}(?:\.\d{3})?\b/g;
const HASH_RE = /(?<![\w.])(?:[0-9a-f]{128}|[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![\w])/gi;
const PROCESS_RE = /(?<![\w.-])[\w.-]{1,64}\.(?:exe|dll|ps1|bat|vbs|scr|msi|hta|jar)\b/gi;
const DOMAIN_RE = /(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24})(?![\w-]|\.[a-z0-9])/gi;
const VERSION_BEFORE = /(?:\bv|\bversion|\bver\.?|\bbuild|\brelease)\s*$/i;

/** The same address written differently (`::ffff:1.2.3.4`, zero groups, upper case) gives the same key. */
export function ipKey(value: string): string {
  if (isIPv4(value)) return value;
  const groups = ipv6Groups(value);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] ?? 0, groups[7] ?? 0].flatMap((g) => [g >> 8, g & 0xff]).join('.');
  }
  return groups.map((g) => g.toString(16)).join(':');
}

/**
 * Entities an answer names: URLs and e-mail addresses (then masked, so their parts are not claimed again),
 * IPv4 and IPv6 addresses, ATT&CK technique ids, file hashes, executables, host and domain names, and user
 * and host names introduced by a word such as "user", "account" or "host". Plain numbers (counts, ports,
 * times) and version numbers are never claims.
 */
export function extractClaims(text: string): Claim[] {
  const claims: Claim[] = [];
  let rest = text;
  const take = (re: RegExp, build: (m: RegExpExecArray) => Claim | undefined): void => {
    for (const m of rest.matchAll(re)) {
      const claim = build(m);
      if (claim !== undefined) claims.push(claim);
    }
  };
  const mask = (re: RegExp): void => {
    rest = rest.replace(re, (m) => ' '.repeat(m.length));
  };
  take(URL_RE, (m) => named('url', m[0].replace(/[.,;:!?]+$/, '')));
  mask(URL_RE);
  take(EMAIL_RE, (m) => named('user', m[0]));
  mask(EMAIL_RE);
  take(IPV4_RE, (m) => (isIPv4(m[0]) && !VERSION_BEFORE.test(rest.slice(Math.max(0, m.index - 12), m.index)) ? { kind: 'ip', value: m[0], key: m[0] } : undefined));
  take(IPV6_RE, (m) => (/[0-9a-f]/i.test(m[0]) && isIPv6(m[0]) ? { kind: 'ip', value: m[0], key: ipKey(m[0]) } : undefined));
  take(TECHNIQUE_RE, (m) => ({ kind: 'technique', value: m[0].toUpperCase(), key: m[0].toUpperCase() }));
  take(HASH_RE, (m) => (/\d/.test(m[0]) && /[a-f]/i.test(m[0]) ? named('hash', m[0]) : undefined));
  take(PROCESS_RE, (m) => named('process', m[0]));
  mask(PROCESS_RE);
  take(DOMAIN_RE, (m) => (isHostTld(m[1] ?? '') && !/^[\d.]+$/.test(m[0]) ? named('domain', m[0]) : undefined));
  claims.push(...introducedNames(rest, USER_WORDS, 'user', () => true));
  claims.push(...introducedNames(rest, HOST_WORDS, 'host', looksLikeHost));
  return claims;
}

function named(kind: Claim['kind'], value: string): Claim {
  return { kind, value, key: value.toLowerCase() };
}

const USER_WORDS = /\b(?:user(?:name)?s?|accounts?|logins?|principals?)\b(?![.\-_/]\w)(?:\s+(?:names?|named|called|id))?\s*[:=]?\s*/gi;
const HOST_WORDS = /\b(?:host(?:name)?s?|servers?|machines?|workstations?|computers?|endpoints?|devices?)\b(?![.\-_/]\w)(?:\s+(?:names?|named|called))?\s*[:=]?\s*/gi;
const QUOTED = /^(?:"([^"\n]{1,64})"|'([^'\n]{1,64})'|`([^`\n]{1,64})`|“([^”\n]{1,64})”|‘([^’\n]{1,64})’)/;
const BARE = /^[A-Za-z0-9_$\\][A-Za-z0-9._$\\@-]{0,63}/;
const LIST_JOIN = /^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|\/\s*)/i;

/** Names after an introducing word: one, or a list (`users root, admin and "svc backup"`). */
function introducedNames(text: string, words: RegExp, kind: Claim['kind'], accept: (name: string) => boolean): Claim[] {
  const claims: Claim[] = [];
  for (const m of text.matchAll(words)) {
    let at = m.index + m[0].length;
    for (let count = 0; count < 20; count++) {
      const name = nameAt(text.slice(at, at + 80));
      if (name === undefined) break;
      if (name.quoted || (!NAME_STOPWORDS.has(name.value.toLowerCase()) && !isIPv4(name.value) && accept(name.value))) claims.push(named(kind, name.value));
      at += name.length;
      const join = LIST_JOIN.exec(text.slice(at, at + 12));
      if (join === null) break;
      at += join[0].length;
    }
  }
  return claims;
}

function nameAt(text: string): { value: string; length: number; quoted: boolean } | undefined {
  const quoted = QUOTED.exec(text);
  if (quoted !== null) {
    const value = quoted.slice(1).find((g) => g !== undefined)?.trim() ?? '';
    return value === '' ? undefined : { value, length: quoted[0].length, quoted: true };
  }
  const bare = BARE.exec(text);
  if (bare === null) return undefined;
  const value = bare[0].replace(/[.\-@]+$/, '');
  return value === '' || /^\d+$/.test(value) ? undefined : { value, length: bare[0].length, quoted: false };
}

/** A bare word after "host" is a name only when it looks like one (`web-01`, `DC01`, `srv_db`, `FILESRV`). */
function looksLikeHost(name: string): boolean {
  return /[\d_-]/.test(name) || /^[A-Z][A-Z0-9]+$/.test(name) || name.includes('.');
}

const SEVERITY_WORD = '(critical|high|medium|low|informational|none)';
const SEVERITY_RES = [
  new RegExp(`\\b${SEVERITY_WORD}[- ]severity\\b`, 'gi'),
  new RegExp(`\\bseverit(?:y|ies)\\b(?:\\s+(?:level|rating))?\\s*(?:is|was|of|at|:|=|remains|becomes|set to|rated|as|to)?\\s*["'\`*]{0,2}${SEVERITY_WORD}\\b`, 'gi'),
];
const NEGATION_BEFORE = /\b(?:no|not|without|never|nor)\b[^.;]{0,12}$/i;

/** Severities an answer asserts ("high severity", "severity: None"), except negated ones ("no critical-severity…"). */
export function severityClaims(text: string): Claim[] {
  const claims: Claim[] = [];
  for (const re of SEVERITY_RES) {
    for (const m of text.matchAll(re)) {
      if (NEGATION_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
      const word = (m[1] ?? '').toLowerCase();
      claims.push({ kind: 'severity', value: word, key: word });
    }
  }
  return claims;
}

/** Fact ids cited as `[F3]`, `[F1, F4]` or `[F2; F5]`. */
export function factReferences(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(/\[\s*(F\d+(?:\s*[,;]\s*F\d+)*)\s*\]/g)) ids.push(...(m[1] ?? '').split(/\s*[,;]\s*/));
  return ids;
}

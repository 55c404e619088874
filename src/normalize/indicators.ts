import { isIPv6 } from 'node:net';
import type { Indicator } from '../schema/event.ts';
import { classifyIp } from './ip-class.ts';
import { isKnownTld } from './tlds.ts';

/** Extracts indicators of compromise from free text. Regexes are compiled once; cheap checks go first. */

const MAX_SCAN = 64 * 1024;
const MAX_PER_EVENT = 64;

const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.]*\d)/g;
// Not inside a word: `std::string` or PowerShell's `[Convert]::FromBase64String` hold no address.
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-f]{0,4})(?![\w:]|\.\w)/gi;
const URL = /\b(?:https?|ftp):\/\/[^\s"'<>`\\^{}|]{1,2000}/gi;
const EMAIL = /\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b/g;
// Bounded label count: an unbounded `+` backtracks quadratically on `a.a.a.a…`.
const DOMAIN = /\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,16}[A-Za-z]{2,24}\b/g;
/** Terminal colour and cursor codes (CSI sequences), which would glue onto the next word. */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const HEX = /\b[0-9a-fA-F]{32,64}\b/g;
/** Hosts that appear in XML namespace and schema URIs of exported records, not in activity. */
const XML_NAMESPACE_HOSTS = new Set(['schemas.microsoft.com', 'manifests.microsoft.com', 'www.w3.org', 'schemas.xmlsoap.org', 'schemas.openxmlformats.org']);
const CVE = /\bCVE-\d{4}-\d{4,7}\b/gi;

function push(out: Indicator[], seen: Set<string>, indicator: Indicator): void {
  if (out.length >= MAX_PER_EVENT) return;
  const key = `${indicator.type}:${indicator.value}`;
  if (seen.has(key)) return;
  seen.add(key);
  out.push(indicator);
}

function ips(text: string, out: Indicator[], seen: Set<string>): void {
  for (const m of text.matchAll(IPV4)) push(out, seen, { type: 'ipv4', value: m[0], class: classifyIp(m[0]) });
  if (text.includes('::') || /[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}/i.test(text)) {
    for (const m of text.matchAll(IPV6_CANDIDATE)) {
      let value = m[0].toLowerCase();
      // `2001:db8::5: reset`: the colon after the address is punctuation.
      if (value.endsWith(':') && !value.endsWith('::')) value = value.slice(0, -1);
      if (value.length < 3 || !isIPv6(value)) continue;
      push(out, seen, { type: 'ipv6', value, class: classifyIp(value) });
    }
  }
}

function hashes(text: string, out: Indicator[], seen: Set<string>): void {
  for (const m of text.matchAll(HEX)) {
    const value = m[0].toLowerCase();
    const type = value.length === 32 ? 'md5' : value.length === 40 ? 'sha1' : value.length === 64 ? 'sha256' : undefined;
    if (type !== undefined) push(out, seen, { type, value });
  }
}

function names(text: string, out: Indicator[], seen: Set<string>): void {
  const urlHosts = new Set<string>();
  const noise = new Set<string>();
  if (text.includes('://')) {
    for (const m of text.matchAll(URL)) {
      const value = m[0].replace(/[.,;:)\]]+$/, '');
      const host = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(value)?.[1]?.toLowerCase();
      if (host !== undefined && XML_NAMESPACE_HOSTS.has(host)) {
        noise.add(host);
        continue;
      }
      push(out, seen, { type: 'url', value });
      if (host !== undefined) urlHosts.add(host);
    }
  }
  const emailDomains = new Set<string>();
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL)) {
      push(out, seen, { type: 'email', value: m[0].toLowerCase() });
      emailDomains.add(m[0].slice(m[0].indexOf('@') + 1).toLowerCase());
    }
  }
  for (const m of text.matchAll(DOMAIN)) {
    const value = m[0].toLowerCase();
    const tld = value.slice(value.lastIndexOf('.') + 1);
    if ((!isKnownTld(tld) && !urlHosts.has(value)) || noise.has(value)) continue;
    if (emailDomains.has(value) && !urlHosts.has(value)) continue;
    push(out, seen, { type: 'domain', value });
  }
  for (const host of urlHosts) if (classifyIp(host) === undefined) push(out, seen, { type: 'domain', value: host });
}

export function extractIndicators(text: string): Indicator[] {
  let scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  if (scanned.includes('\u001b')) scanned = scanned.replace(ANSI_ESCAPE, ' ');
  const out: Indicator[] = [];
  const seen = new Set<string>();
  if (/\d\.\d|:/.test(scanned)) ips(scanned, out, seen);
  if (/[0-9a-fA-F]{32}/.test(scanned)) hashes(scanned, out, seen);
  if (scanned.includes('.')) names(scanned, out, seen);
  if (/cve-/i.test(scanned)) for (const m of scanned.matchAll(CVE)) push(out, seen, { type: 'cve', value: m[0].toUpperCase() });
  return out;
}

import { isIPv6 } from 'node:net';
import type { Indicator } from '../schema/event.ts';
import { classifyIp } from '../util/ip-class.ts';
import { emails, hasColonGroups, hexRuns, hostNames } from './scan.ts';
import { isKnownTld } from './tlds.ts';

/** Extracts indicators of compromise from free text. Regexes are compiled once; cheap checks go first. */

const MAX_SCAN = 64 * 1024;
const MAX_PER_EVENT = 64;

const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.]*\d)/g;
// Not inside a word: `std::string` or PowerShell's `[Convert]::FromBase64String` hold no address.
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-f]{0,4})(?![\w:]|\.\w)/gi;
const URL = /\b(?:https?|ftp):\/\/[^\s"'<>`\\^{}|]{1,2000}/gi;
/** Terminal colour and cursor codes (CSI sequences), which would glue onto the next word. */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
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
  // `::`, or five colon groups in a row: clock times (`12:34:56`) alone never start the IPv6 scan.
  if (text.includes('::') || hasColonGroups(text)) {
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
  hexRuns(text, (run) => {
    const value = run.toLowerCase();
    const type = value.length === 32 ? 'md5' : value.length === 40 ? 'sha1' : value.length === 64 ? 'sha256' : undefined;
    if (type !== undefined) push(out, seen, { type, value });
  });
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
    emails(text, (email) => {
      push(out, seen, { type: 'email', value: email.toLowerCase() });
      emailDomains.add(email.slice(email.indexOf('@') + 1).toLowerCase());
    });
  }
  hostNames(text, (name) => {
    const value = name.toLowerCase();
    const tld = value.slice(value.lastIndexOf('.') + 1);
    if ((!isKnownTld(tld) && !urlHosts.has(value)) || noise.has(value)) return;
    if (emailDomains.has(value) && !urlHosts.has(value)) return;
    push(out, seen, { type: 'domain', value });
  });
  for (const host of urlHosts) if (classifyIp(host) === undefined) push(out, seen, { type: 'domain', value: host });
}

export function extractIndicators(text: string): Indicator[] {
  let scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  if (scanned.includes('\u001b')) scanned = scanned.replace(ANSI_ESCAPE, ' ');
  const out: Indicator[] = [];
  const seen = new Set<string>();
  if (/\d\.\d|:/.test(scanned)) ips(scanned, out, seen);
  hashes(scanned, out, seen);
  if (scanned.includes('.')) names(scanned, out, seen);
  if (/cve-/i.test(scanned)) for (const m of scanned.matchAll(CVE)) push(out, seen, { type: 'cve', value: m[0].toUpperCase() });
  return out;
}

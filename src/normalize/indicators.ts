import { isIPv6 } from 'node:net';
import type { Indicator } from '../schema/event.ts';
import { classifyIp } from '../util/ip-class.ts';
import { emails, ipv6Candidates, scanText, urlHostOf, urlMatches, withoutUrlTrailer, type Candidates } from './scan.ts';
import { isKnownTld } from './tlds.ts';

/**
 * Extracts indicators of compromise from free text. One hand-written pass (scan.ts) finds the IPv4,
 * hash and host-name candidates, and URLs are read from each `://` (also scan.ts); the rarer kinds (IPv6,
 * e-mails, CVEs) run only when a cheap check says they may be there.
 * Order: IPv4, IPv6, hashes, URLs, e-mails, domains, CVEs.
 */

const MAX_SCAN = 64 * 1024;
const MAX_PER_EVENT = 64;

/** Terminal colour and cursor codes (CSI sequences), which would glue onto the next word. */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** Hosts that appear in XML namespace and schema URIs of exported records, not in activity. */
const XML_NAMESPACE_HOSTS = new Set(['schemas.microsoft.com', 'manifests.microsoft.com', 'www.w3.org', 'schemas.xmlsoap.org', 'schemas.openxmlformats.org']);
const CVE = /\bCVE-\d{4}-\d{4,7}\b/gi;

/** `cve-` in any case somewhere (the CVE regex runs only then): a look at each hyphen, cheaper than `/cve-/i`. */
function mayHoldCve(text: string): boolean {
  for (let dash = text.indexOf('-', 3); dash >= 0; dash = text.indexOf('-', dash + 1)) {
    if ((text.charCodeAt(dash - 3) | 0x20) === 99 && (text.charCodeAt(dash - 2) | 0x20) === 118 && (text.charCodeAt(dash - 1) | 0x20) === 101) return true;
  }
  return false;
}

/** Adds an indicator unless the same type and value is there already (lists are short: a scan, no set). */
function push(out: Indicator[], indicator: Indicator): void {
  if (out.length >= MAX_PER_EVENT) return;
  for (const known of out) if (known.value === indicator.value && known.type === indicator.type) return;
  out.push(indicator);
}

function ips(text: string, found: Candidates, out: Indicator[]): void {
  if (found.ipv4 !== undefined) for (const value of found.ipv4) push(out, { type: 'ipv4', value, class: classifyIp(value) });
  // `::`, or five colon groups in a row: clock times (`12:34:56`) alone never start the IPv6 scan.
  if (found.colonGroups || text.includes('::')) {
    ipv6Candidates(text, (match) => {
      let value = match.toLowerCase();
      // `2001:db8::5: reset`: the colon after the address is punctuation.
      if (value.endsWith(':') && !value.endsWith('::')) value = value.slice(0, -1);
      if (value.length < 3 || !isIPv6(value)) return;
      push(out, { type: 'ipv6', value, class: classifyIp(value) });
    });
  }
}

function hashes(found: Candidates, out: Indicator[]): void {
  if (found.hex === undefined) return;
  for (const run of found.hex) {
    const value = run.toLowerCase();
    push(out, { type: value.length === 32 ? 'md5' : value.length === 40 ? 'sha1' : 'sha256', value });
  }
}

interface UrlHosts {
  hosts: Set<string>;
  noise: Set<string>;
}

function urls(text: string, out: Indicator[]): UrlHosts | undefined {
  if (!text.includes('://')) return undefined;
  const seen: UrlHosts = { hosts: new Set(), noise: new Set() };
  urlMatches(text, (match) => {
    const value = withoutUrlTrailer(match);
    const host = urlHostOf(value)?.toLowerCase();
    if (host !== undefined && XML_NAMESPACE_HOSTS.has(host)) {
      seen.noise.add(host);
      return;
    }
    push(out, { type: 'url', value });
    if (host !== undefined) seen.hosts.add(host);
  });
  return seen;
}

function mailDomains(text: string, out: Indicator[]): Set<string> | undefined {
  if (!text.includes('@')) return undefined;
  const domains = new Set<string>();
  emails(text, (email) => {
    push(out, { type: 'email', value: email.toLowerCase() });
    domains.add(email.slice(email.indexOf('@') + 1).toLowerCase());
  });
  return domains;
}

function names(text: string, found: Candidates, out: Indicator[]): void {
  const fromUrls = urls(text, out);
  const emailDomains = mailDomains(text, out);
  if (found.hosts !== undefined) {
    for (const name of found.hosts) {
      const value = name.toLowerCase();
      const inUrl = fromUrls?.hosts.has(value) === true;
      if ((!inUrl && !isKnownTld(value.slice(value.lastIndexOf('.') + 1))) || fromUrls?.noise.has(value) === true) continue;
      if (!inUrl && emailDomains?.has(value) === true) continue;
      push(out, { type: 'domain', value });
    }
  }
  if (fromUrls !== undefined) for (const host of fromUrls.hosts) if (classifyIp(host) === undefined) push(out, { type: 'domain', value: host });
}

export function extractIndicators(text: string): Indicator[] {
  let scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  if (scanned.includes('\u001b')) scanned = scanned.replace(ANSI_ESCAPE, ' ');
  const out: Indicator[] = [];
  const found = scanText(scanned);
  ips(scanned, found, out);
  hashes(found, out);
  // Every name kind (URL, e-mail, host) needs a dot somewhere.
  if (scanned.includes('.')) names(scanned, found, out);
  if (mayHoldCve(scanned)) for (const m of scanned.matchAll(CVE)) push(out, { type: 'cve', value: m[0].toUpperCase() });
  return out;
}

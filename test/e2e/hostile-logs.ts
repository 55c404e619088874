/**
 * Log lines an attacker controls, carrying markup and script in every field the UI shows: user names, URLs,
 * referrers, user agents, messages and an uploaded file's name. If any of it ran, it would set
 * `window.__pwned`; rendered as it must be, it shows literally.
 */

export const SCRIPT = '<script>window.__pwned=1</script>';
export const IMG = '<img src=x onerror=window.__pwned=1>';
export const IMG_NO_SPACE = '<img/src=x/onerror=window.__pwned=1>';
export const JS_URL = 'javascript:window.__pwned=1';
export const MARKDOWN = `[click me](${JS_URL}) **bold** <b>x</b> <svg onload=window.__pwned=1> ![img](x)`;
export const HOSTILE_FILE_NAME = '<img src=x onerror=window.__pwned=1>.jsonl';

const pad = (n: number) => String(n).padStart(2, '0');

/** sshd failures for a user named like a script tag, then its success: a brute-force incident naming it. */
export function authLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) lines.push(`Nov 20 10:00:${pad(i)} web1 sshd[${100 + i}]: Failed password for invalid user ${SCRIPT} from 203.0.113.66 port ${51000 + i} ssh2`);
  for (let i = 0; i < 6; i++) lines.push(`Nov 20 10:01:${pad(i)} web1 sshd[${200 + i}]: Failed password for invalid user ${IMG_NO_SPACE} from 203.0.113.67 port ${52000 + i} ssh2`);
  lines.push(`Nov 20 10:02:00 web1 sshd[300]: Accepted password for ${SCRIPT} from 203.0.113.66 port 53000 ssh2`);
  return `${lines.join('\n')}\n`;
}

/** Web requests with script in the URL, a javascript: referrer and an img tag as the user agent. */
export function accessLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) {
    lines.push(`198.51.100.99 - - [20/Nov/2026:11:00:${pad(i)} +0000] "GET /search?q=${SCRIPT}&n=${i} HTTP/1.1" 404 153 "${JS_URL}" "${IMG}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** A JSON application log whose message is Markdown and HTML trickery. */
export function appLog(): string {
  return `${JSON.stringify({ '@timestamp': '2026-11-20T12:00:00Z', message: MARKDOWN, user: { name: 'mallory' }, source: { ip: '192.0.2.200' } })}\n`;
}

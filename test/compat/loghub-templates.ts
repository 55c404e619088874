import { isIP } from 'node:net';
import type { VigilEvent } from '../../src/schema/event.ts';

/**
 * Ground truth from loghub's `*_structured.csv`: each line's Content matched against its EventTemplate (`<*>` is a
 * capture), and what each capture means read from the template text around it.
 */

export type Role = 'user' | 'address' | 'port' | 'rdns';

/** Literal template text that ends right before a `<*>`, per role (lower-cased; first match wins). */
const BEFORE: readonly { role: Role; endsWith: readonly string[]; unless?: readonly string[] }[] = [
  { role: 'rdns', endsWith: ['getaddrinfo for '] },
  { role: 'address', endsWith: ['from ', 'rhost=', 'closed by '], unless: ['bios is from '] },
  { role: 'port', endsWith: ['port '] },
  { role: 'user', endsWith: ['user ', 'user=', 'for '] },
];

function roleOf(before: string, after: string, previous: Role | undefined): Role | undefined {
  const text = before.toLowerCase();
  // `[<*>]` holds the address after a reverse-mapping name; `from <*> (<*>)` the name (or IP) after an address.
  if (text.endsWith('[') && after.startsWith(']')) return 'address';
  if (text === ' (' && after.startsWith(')') && previous === 'address') return 'rdns';
  for (const rule of BEFORE) {
    if (!rule.endsWith.some((s) => text.endsWith(s))) continue;
    if (rule.unless?.some((s) => text.endsWith(s)) === true) return undefined;
    return rule.role;
  }
  return undefined;
}

interface Compiled {
  regex: RegExp;
  roles: (Role | undefined)[];
}

const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  const cached = compiled.get(template);
  if (cached !== undefined) return cached;
  const parts = template.split('<*>');
  const roles: (Role | undefined)[] = [];
  for (let i = 0; i < parts.length - 1; i++) roles.push(roleOf(parts[i] ?? '', parts[i + 1] ?? '', roles[i - 1]));
  const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const result = { regex: new RegExp(`^${escaped.join('(.*?)')}$`, 's'), roles };
  compiled.set(template, result);
  return result;
}

export interface Expectation {
  role: Role;
  value: string;
}

/** What the template says this line holds; undefined when Content does not match its template. */
export function expectations(template: string, content: string): Expectation[] | undefined {
  const { regex, roles } = compile(template);
  const m = regex.exec(content);
  if (m === null) return undefined;
  const out: Expectation[] = [];
  roles.forEach((role, i) => {
    const raw = (m[i + 1] ?? '').trim();
    if (role === undefined || raw === '') return;
    // `port <*>]` swallows the trailing ` ssh2` in the `message repeated` template: the port is the first token.
    out.push({ role, value: role === 'port' ? (raw.split(/\s+/)[0] ?? raw) : raw });
  });
  return out;
}

/**
 * Our value for an expectation, and the name of the field compared. A user is `user.name`, or `user.target.name`
 * when only that is set (`su(pam_unix)`: "session opened for user cyrus" names the account switched to).
 */
export function actual(expectation: Expectation, event: VigilEvent | undefined): { field: string; got: string | undefined } {
  switch (expectation.role) {
    case 'user':
      return { field: 'user', got: event?.user?.name ?? event?.user?.target?.name };
    case 'port':
      return { field: 'source.port', got: event?.source?.port === undefined ? undefined : String(event.source.port) };
    default:
      return isIP(expectation.value) !== 0
        ? { field: 'source.ip', got: event?.source?.ip }
        : { field: 'source.domain', got: event?.source?.domain };
  }
}

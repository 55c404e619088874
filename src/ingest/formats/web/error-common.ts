import type { EventFields } from '../../../schema/event.ts';
import { urlFields } from './http.ts';

/** Pieces shared by the Apache and nginx error log parsers. */

/** Log levels → syslog severity numbers (Apache's trace1..8 are below debug: 7). */
const SEVERITY: Readonly<Record<string, number>> = {
  emerg: 0,
  alert: 1,
  crit: 2,
  error: 3,
  warn: 4,
  notice: 5,
  info: 6,
  debug: 7,
  trace1: 7,
  trace2: 7,
  trace3: 7,
  trace4: 7,
  trace5: 7,
  trace6: 7,
  trace7: 7,
  trace8: 7,
};

export function severityOf(level: string): number | undefined {
  return Object.hasOwn(SEVERITY, level) ? SEVERITY[level] : undefined;
}

// Basic-auth failures logged by mod_auth_basic (2.2 and 2.4, AH01617/AH01618: the second group is the path asked
// for) and nginx auth_basic.
const AUTH_FAILURES: readonly RegExp[] = [
  /^user (\S{1,256}): authentication failure for "([^"]{0,8192})(?:"|$)/,
  /^user (\S{1,256}) not found: (\S{1,8192})/,
  /^user "([^"]{1,256})": password mismatch/,
  /^user "([^"]{1,256})" was not found in /,
];

/** Event block (user, and the path asked for) for an error-log message; auth failures get an action and outcome. */
export function errorEvent(message: string, severity: number | undefined): Pick<EventFields, 'event' | 'user' | 'url'> {
  for (const pattern of AUTH_FAILURES) {
    const m = pattern.exec(message);
    if (m === null) continue;
    return {
      event: { category: ['web', 'authentication'], type: ['error'], action: 'http-auth-failed', outcome: 'failure', severity },
      user: { name: m[1] },
      url: m[2] === undefined || !m[2].startsWith('/') ? undefined : urlFields(m[2]),
    };
  }
  return { event: { category: ['web'], type: ['error'], severity } };
}

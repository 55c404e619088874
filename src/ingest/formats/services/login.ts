import type { EventFields, Outcome } from '../../../schema/event.ts';
import { ipOrDomain, ipPort, macAddress } from '../../values.ts';
import { labelsOf } from '../syslog/util.ts';

/**
 * The fields of one login attempt to a network service (mail, FTP, database, VPN, file sharing): action `login`,
 * as generic authentication records have, so that the pack's brute-force correlations read every service alike.
 */

export interface LoginAttempt {
  outcome: Outcome;
  user?: string;
  /** The client: an address with or without its port, or a host name. */
  source?: { ip?: string; port?: number; domain?: string };
  reason?: string;
  /** The account does not exist: such guesses cannot succeed (left out of the distributed brute-force rule). */
  unknownUser?: boolean;
  /** Failed attempts this one line reports (Dovecot's `auth failed, 3 attempts`). */
  attempts?: number;
  labels?: Record<string, string | undefined>;
}

/** The label of a login attempt on an account the service says does not exist. */
export const UNKNOWN_USER_LABEL = 'auth.unknown_user';

type LoginEvent = Required<Pick<NonNullable<EventFields['event']>, 'category' | 'type' | 'action' | 'outcome'>>;

/** What makes an event a login attempt, built fresh for each event. */
export function loginEvent(outcome: Outcome): LoginEvent {
  return { category: ['authentication'], type: ['start'], action: 'login', outcome };
}

/** Empty objects (no labels, no client) are left for the format's compaction to drop. */
export function login(attempt: LoginAttempt): EventFields {
  const labels = labelsOf({ ...attempt.labels, [UNKNOWN_USER_LABEL]: attempt.unknownUser === true ? 'true' : undefined });
  const user = attempt.user?.trim();
  return {
    event: {
      ...loginEvent(attempt.outcome),
      reason: attempt.reason,
      count: attempt.attempts !== undefined && attempt.attempts > 1 ? attempt.attempts : undefined,
    },
    user: user === undefined || user === '' ? undefined : { name: user },
    source: attempt.source,
    labels,
  };
}

/** A client written `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:5678` or as a host name. */
export function client(text: string | undefined): { ip?: string; port?: number; domain?: string } | undefined {
  if (text === undefined || text === '') return undefined;
  const address = ipPort(text);
  if (address.ip !== undefined) return address;
  const named = ipOrDomain(text);
  return named.ip === undefined && named.domain === undefined ? undefined : named;
}

/** A RADIUS calling station (the client of a VPN or Wi-Fi login): its address, or its device's MAC. */
export function callingStation(text: string | undefined): EventFields['source'] {
  const mac = macAddress(text);
  return mac === undefined ? client(text) : { mac };
}

/** What one service's messages say, wherever they are written (its own log file, or syslog under its program name). */
export interface ServiceDecoder {
  /** `event.dataset` and `event.provider` of its events (`dovecot`, `mysql`). */
  readonly service: string;
  /** Lower-case syslog program names whose messages it reads. */
  readonly programs: readonly string[];
  /** Fields of a message it understands; undefined for the others. */
  decode(message: string): EventFields | undefined;
}

/** One line of a service's own log file: its time and message, and what its prefix says. */
export interface ServiceLine {
  time?: string;
  message: string;
  pid?: number;
  labels?: Record<string, string | undefined>;
  /** Fields the line's prefix gives (PostgreSQL's `%h`, `%u`, `%d`). */
  fields?: EventFields;
}

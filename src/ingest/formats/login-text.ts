import type { EventFields, Outcome } from '../../schema/event.ts';
import { ip, ipPort } from '../values.ts';
import { UNKNOWN_USER_LABEL, loginEvent } from './services/login.ts';

/**
 * Login attempts told in words by applications that have no decoder of their own (web apps, media servers,
 * identity providers, self-hosted tools): `Login failed for user "bob" from 203.0.113.7`, `Invalid username or
 * password`, `Unsuccessful login attempt from 10.0.0.5`. Read only from the free text of a message, and only when
 * the text is plainly about a login and says how it ended, so the brute-force rules can count them.
 */

/**
 * Words that make a text about logging in (second factors too: `Invalid TOTP code`, a `two_factor` module, Vaultwarden's
 * `Invalid admin token`); `auth` only next to how it ended (`auth failure`, `Auth-Success`,
 * `successful auth`), not in `Exit before auth`. The character before one is checked by hand (not `/login` in a URL, nor
 * `x_login`): a leading lookbehind would make V8 try the whole pattern at every character of every plain-text line.
 */
const CONTEXT =
  /(?:log(?:ged)?[ -]?(?:in|on)s?|sign(?:ed)?[ -]?in|authenticat(?:e|ed|ion|ing)|[12]fa|mfa|t?otp|two[ _-]?factor|admin token|passwords?|credentials?|passwd|(?:successful|failed|bad|invalid) auth)(?![\w/=-]|\.\w)|auth(?=[ -](?:fail|error|succe))/gi;
const WORD_BEFORE = /[/\w.=-]/;
/** Texts about passwords that are not login attempts. */
const NOT_A_LOGIN = /\b(?:reset|forgot(?:ten)?|recover(?:y|ed)?|change[ds]?|changing|updated?|expir(?:es|ing) (?:in|soon)|polic(?:y|ies)|hash(?:ed|ing)?|config(?:uration|ured)?|enabled for|required for|logout|logged out|log out|sign(?:ed)? out)\b/i;
const FAILURE = /\b(?:fail(?:s|ed|ure|ures)?|(?:authentication|auth|log ?[io]n|sign ?in) errors?|unsuccessful(?:ly)?|invalid|incorrect|wrong|bad|denied|rejected|refused|unauthori[sz]ed|not found|does not exist|doesn't exist|unknown (?:user|account)|no such (?:user|account)|mismatch(?:ed)?|locked(?: out)?|disabled|blocked)\b/i;
const SUCCESS = /\b(?:successful(?:ly)?|succeeded|success|logged (?:in|on)|accepted|authenticated)\b/i;
/** Failures that name an account that does not exist: such guesses cannot succeed. */
const UNKNOWN_USER = /\b(?:(?:user(?:name)?|account) (?:not found|does not exist|doesn't exist|unknown)|unknown (?:user|account)|no such (?:user|account)|invalid user(?:name)?\b(?! or)|user_not_found)/i;

const QUOTES = `'"\`‘’“”`;
const NAME = `([^\\s${QUOTES},;()\\[\\]]{1,128})(?![^\\s${QUOTES},;()\\[\\]])`;
/** Where a text names the account, best first. */
const USER_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b(?:user(?:name)?|account|login|e-?mail)(?: name)?(?: input)?(?:[:=] ?| )[${QUOTES}]([^${QUOTES}]{1,128})[${QUOTES}]`, 'i'),
  new RegExp(`"(?:user(?:name)?|login|e-?mail|account)"\\s?:\\s?"([^"]{1,128})"`, 'i'),
  // Not a path's last segment (`POST /control/login: invalid username or password`) or a word's (`imap-login: Disconnected`).
  new RegExp(`(?<![/\\w-])(?:user(?:name)?|account|login)(?: name)?[:=] ?${NAME}`, 'i'),
  new RegExp(`\\b(?:for|by|of) (?:the )?(?:user|account) ${NAME}`, 'i'),
  new RegExp(`\\b(?:for|by|of) [${QUOTES}]([^${QUOTES}]{1,128})[${QUOTES}]`, 'i'),
  new RegExp(`\\b(?:for|by) \\[${NAME}\\]`, 'i'),
  new RegExp(`\\b(?:for|by|failed:) ${NAME} (?:from\\b|[([])`, 'i'),
  new RegExp(`\\b(?:for|by) ([^\\s@${QUOTES}]{1,64}@[^\\s${QUOTES}]{1,128})`, 'i'),
  new RegExp(`\\buser ${NAME}(?=:? (?:authenticat|log ?[io]n|sign ?in|password))`, 'i'),
];
/** An address as written after a cue: optional brackets, optional port (group 1 the address, group 2 the port). */
const ADDRESS_BODY = `([0-9A-Fa-f:.]{2,45}(?:%\\w+)?)\\]?(?::(\\d{1,5}))?`;
const ADDRESS = `\\[?${ADDRESS_BODY}`;
/** Where a text names the client, best first. */
const SOURCE_PATTERNS: readonly RegExp[] = [
  new RegExp(`(?:\\b|")(?:r?host|ip|ip_?address|ipaddr|client_?ip|remote_?(?:ip|addr(?:ess)?)|peer_?ip|src_?ip|source_?ip)"?\\s?[:=]\\s?"?${ADDRESS}`, 'i'),
  new RegExp(`\\bfrom (?:the )?(?:(?:private|public|remote|local) )?(?:ip|host|address|client)?(?: address)?:? ?[${QUOTES}]?${ADDRESS}`, 'i'),
  new RegExp(`\\b(?:ip|client|address)(?: address)?:? [${QUOTES}]?${ADDRESS}`, 'i'),
  new RegExp(`(?:^|\\s)\\[${ADDRESS_BODY}`),
];
/** Candidates for a text's lone address: dotted quads, and runs of hex digits and colons (validated after). */
const ANY_ADDRESS = /(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3})(?![\w.])/g;
const MAX_ADDRESSES = 16;
const TRAILING_PUNCTUATION = /[.,:;!?]+$/;
/** `<toto@example.com>`, as Dovecot and mail tools write an address. */
const ANGLED = /^<([^<>]+)>$/;
/** A record's user field that names nobody (Nextcloud's `"user":"--"` for a failed login). */
const PLACEHOLDER = /^-+$/;
/** Longest text looked at: claims sit at the start of a message, and the patterns stay cheap. */
const TEXT_LIMIT = 2048;

export interface LoginClaim {
  outcome: Outcome;
  user?: string;
  source?: { ip: string; port?: number };
  unknownUser: boolean;
}

/** Words that follow a user cue in running text without naming anyone (`login: invalid password`, `user from 10.0.0.1`). */
const NOT_A_NAME = new Set(['null', 'from', 'for', 'with', 'by', 'to', 'at', 'on', 'of', 'in', 'is', 'was', 'and', 'or', 'not', 'the', 'invalid', 'incorrect', 'wrong', 'failed', 'failure', 'unknown', 'error', 'denied', 'attempt', 'successful', 'success']);

function userIn(text: string): string | undefined {
  for (const pattern of USER_PATTERNS) {
    const m = pattern.exec(text);
    const name = m?.[1]?.replace(TRAILING_PUNCTUATION, '').replace(ANGLED, '$1').trim();
    if (name !== undefined && name !== '' && name !== '-' && !name.startsWith('/') && !NOT_A_NAME.has(name.toLowerCase())) return name;
  }
  return undefined;
}

function sourceIn(text: string): { ip: string; port?: number } | undefined {
  for (const pattern of SOURCE_PATTERNS) {
    const m = pattern.exec(text);
    if (m === null) continue;
    const written = (m[1] ?? '').replace(TRAILING_PUNCTUATION, '');
    const { ip: address, port } = ipPort(m[2] === undefined ? written : `[${written}]:${m[2]}`);
    if (address !== undefined) return port === undefined ? { ip: address } : { ip: address, port };
  }
  return loneAddress(text);
}

/** The one address a text holds, when it holds exactly one (`Failed login attempt, 2FA invalid. 203.0.113.7`). */
function loneAddress(text: string): { ip: string } | undefined {
  let found: string | undefined;
  let seen = 0;
  for (const m of text.matchAll(ANY_ADDRESS)) {
    if (++seen > MAX_ADDRESSES) return undefined;
    const address = ip(m[0]);
    if (address === undefined || address === found) continue;
    if (found !== undefined) return undefined;
    found = address;
  }
  return found === undefined ? undefined : { ip: found };
}

function hasLoginWord(text: string): boolean {
  CONTEXT.lastIndex = 0;
  for (let m = CONTEXT.exec(text); m !== null; m = CONTEXT.exec(text)) {
    if (m.index === 0 || !WORD_BEFORE.test(text.charAt(m.index - 1))) return true;
  }
  return false;
}

/** What a text says of a login attempt, or undefined when it is not plainly one that ended one way or the other. */
export function loginClaim(message: string): LoginClaim | undefined {
  const text = message.length > TEXT_LIMIT ? message.slice(0, TEXT_LIMIT) : message;
  if (!hasLoginWord(text) || NOT_A_LOGIN.test(text)) return undefined;
  const outcome: Outcome | undefined = FAILURE.test(text) ? 'failure' : SUCCESS.test(text) ? 'success' : undefined;
  if (outcome === undefined) return undefined;
  const claim: LoginClaim = { outcome, unknownUser: outcome === 'failure' && UNKNOWN_USER.test(text) };
  const user = userIn(text);
  if (user !== undefined) claim.user = user;
  const source = sourceIn(text);
  if (source !== undefined) claim.source = source;
  return claim;
}

/**
 * An application telling that its own defence against password guessing acted: Nextcloud's `Bruteforce attempt
 * from "203.0.113.7" detected for action "login"`, Mailu's `Authentication attempt from 203.0.113.7 has been
 * rate-limited`, Home Assistant's `Banned IP 203.0.113.7 for too many login attempts`, `Too many failed login
 * attempts`. One such line stands for many guesses the application already counted.
 */
const THROTTLED =
  /\bbrute ?-?force (?:attempt|attack)s? (?:from \S{1,64} )?(?:was |has been )?detected|\b(?:authentication|login|log-in|sign-?in) attempts? from \S{1,64} (?:has|have) been (?:rate[- ]?limited|throttled|blocked)|\bbanned ip \S{1,64} for too many (?:failed )?(?:login|authentication) attempts|\btoo many (?:failed |unsuccessful |invalid |bad )?(?:login|log-in|authentication|sign-?in|password) attempts/i;

/** Every wording above holds one of these: a case-sensitive test first costs a fifth of the full pattern's. */
const MAY_BE_THROTTLED = /ttempt|orce|TTEMPT|ORCE/;

/** A throttled-logins event, or undefined when the text tells of none. */
export function throttleClaim(message: string): EventFields | undefined {
  const text = message.length > TEXT_LIMIT ? message.slice(0, TEXT_LIMIT) : message;
  if (!MAY_BE_THROTTLED.test(text)) return undefined;
  const m = THROTTLED.exec(text);
  if (m === null) return undefined;
  const fields: EventFields = { event: { category: ['authentication', 'intrusion_detection'], type: ['denied'], action: 'login-throttled', outcome: 'failure', reason: m[0] } };
  const user = userIn(text);
  if (user !== undefined) fields.user = { name: user };
  const source = sourceIn(text);
  if (source !== undefined) fields.source = source;
  return fields;
}

/** Actions derived from the fields a record has, not from what it says: a login told in its message is more. */
const GENERIC_ACTIONS: ReadonlySet<string | undefined> = new Set([undefined, 'http-request']);

/**
 * Adds what a message says of a login to fields that say nothing more specific of the event's action (none, or a
 * web request's): the user and client the fields already hold win over those read from the text.
 */
export function withLoginClaim(fields: EventFields, message: string | undefined): EventFields {
  if (message === undefined || !GENERIC_ACTIONS.has(fields.event?.action)) return fields;
  const throttled = throttleClaim(message);
  if (throttled !== undefined) return withTold(fields, throttled.event, throttled.user?.name, throttled.source);
  const claim = loginClaim(message);
  if (claim === undefined) return fields;
  withTold(fields, loginEvent(claim.outcome), claim.user, claim.source);
  if (claim.unknownUser) fields.labels = { ...fields.labels, [UNKNOWN_USER_LABEL]: 'true' };
  return fields;
}

/** The event a text told, and its user and client where the fields hold none of their own. */
function withTold(fields: EventFields, event: EventFields['event'], user: string | undefined, source: EventFields['source']): EventFields {
  fields.event = Object.assign(fields.event ?? {}, event);
  if (user !== undefined && (fields.user?.name === undefined || PLACEHOLDER.test(fields.user.name))) fields.user = { ...fields.user, name: user };
  if (source !== undefined && fields.source?.ip === undefined) fields.source = { ...fields.source, ...source };
  return fields;
}

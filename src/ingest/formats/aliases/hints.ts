import type { Outcome } from '../../../schema/event.ts';

/**
 * Derives `event.category`, `event.type`, `event.action` and `event.outcome` for generic records from the
 * words of their type-like fields (`event_type: "login_failed"`, `source: "fw"`, `action: "deny"`).
 */

export interface HintInput {
  /** Values of `event_type`/`type`-like fields: they describe this one event. */
  typeHints: readonly string[];
  /** Values of `source`/`log_type`/`category`-like fields: they describe the log as a whole. */
  sourceHints: readonly string[];
  action?: string;
  outcome?: Outcome;
  category?: readonly string[];
  type?: readonly string[];
  statusCode?: number;
  /** Fallback category from the fields present (HTTP fields → web, a command line → process). */
  fieldCategory?: string;
}

export interface EventHints {
  category?: string[];
  type?: string[];
  action?: string;
  outcome?: Outcome;
}

/** Keyword → category, checked in this order (the first category any word names wins). */
const CATEGORY_WORDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['process', ['process', 'proc', 'exec', 'execve', 'execution', 'spawn', 'processcreate']],
  [
    'authentication',
    ['login', 'logon', 'logoff', 'logout', 'signin', 'signon', 'auth', 'authentication', 'authn', 'sso', 'kerberos',
      'ntlm', 'mfa', 'password', 'passwd', 'credential', 'credentials', 'ssh', 'sshd'],
  ],
  ['file', ['file', 'fim', 'filesystem']],
  ['registry', ['registry']],
  ['iam', ['iam', 'useradd', 'userdel', 'usermod', 'groupadd', 'group', 'role', 'privilege', 'permission', 'account']],
  ['malware', ['malware', 'virus', 'antivirus', 'av', 'ransomware', 'trojan']],
  ['intrusion_detection', ['ids', 'ips', 'intrusion', 'suricata', 'snort', 'alert']],
  ['web', ['web', 'http', 'https', 'nginx', 'apache', 'iis', 'proxy', 'waf', 'url', 'webserver']],
  [
    'network',
    ['fw', 'firewall', 'iptables', 'netfilter', 'pf', 'ufw', 'acl', 'conn', 'connection', 'flow', 'netflow', 'traffic',
      'network', 'packet', 'vpc', 'dns', 'vpn'],
  ],
  ['configuration', ['config', 'configuration', 'policy', 'settings']],
  ['database', ['db', 'database', 'sql', 'mysql', 'postgres', 'mssql']],
];

const SUCCESS_WORDS = new Set([
  'success', 'succeeded', 'successful', 'successfully', 'allow', 'allowed', 'accept', 'accepted', 'permit',
  'permitted', 'granted', 'pass', 'passed',
]);
const FAILURE_WORDS = new Set([
  'fail', 'failed', 'failure', 'failures', 'denied', 'deny', 'blocked', 'block', 'drop', 'dropped', 'reject',
  'rejected', 'invalid', 'unauthorized', 'forbidden', 'error',
]);

/** Firewall verbs as found → the verb used in `firewall-<verb>`. */
const FIREWALL_VERBS: ReadonlyMap<string, string> = new Map([
  ['allow', 'allow'], ['allowed', 'allow'], ['accept', 'accept'], ['accepted', 'accept'], ['permit', 'permit'],
  ['permitted', 'permit'], ['pass', 'pass'], ['deny', 'deny'], ['denied', 'deny'], ['drop', 'drop'], ['dropped', 'drop'],
  ['block', 'block'], ['blocked', 'block'], ['reject', 'reject'], ['rejected', 'reject'],
]);
const ALLOW_VERBS = new Set(['allow', 'accept', 'permit', 'pass']);

const LOGIN_WORDS = new Set(['login', 'logon', 'signin', 'signon']);
const LOGOUT_WORDS = new Set(['logout', 'logoff', 'signout']);
const END_WORDS = new Set(['end', 'ended', 'exit', 'exited', 'stop', 'stopped', 'terminate', 'terminated', 'kill', 'killed']);
const FILE_TYPES: ReadonlyArray<readonly [readonly string[], ReadonlySet<string>]> = [
  [['deletion'], new Set(['delete', 'deleted', 'remove', 'removed', 'unlink'])],
  [['creation'], new Set(['create', 'created', 'new'])],
  [['change'], new Set(['modify', 'modified', 'change', 'changed', 'write', 'written', 'rename', 'renamed'])],
  [['access'], new Set(['read', 'open', 'opened', 'access', 'accessed'])],
];
/** Words that say nothing beyond "an authentication happened". */
const AUTH_FILLER = new Set(['auth', 'authentication', 'authn', 'event', 'attempt', 'user', ...SUCCESS_WORDS, ...FAILURE_WORDS]);

const CAMEL = /([a-z0-9])([A-Z])/g;
const NON_WORD = /[^a-z0-9]+/;
const MAX_HINT = 200;

export function words(value: string): string[] {
  return value.slice(0, MAX_HINT).replace(CAMEL, '$1 $2').toLowerCase().split(NON_WORD).filter((w) => w !== '');
}

/** A stable kebab-case action from a native value: `UserLoggedIn` → `user-logged-in`. */
export function kebab(value: string): string | undefined {
  const out = words(value).join('-').slice(0, 64);
  return out === '' ? undefined : out;
}

function categoryOf(hints: readonly string[]): string | undefined {
  for (const hint of hints) {
    const ws = new Set(words(hint));
    for (const [category, keys] of CATEGORY_WORDS) if (keys.some((k) => ws.has(k))) return category;
  }
  return undefined;
}

function outcomeOfWords(ws: readonly string[]): Outcome | undefined {
  if (ws.some((w) => FAILURE_WORDS.has(w))) return 'failure';
  if (ws.some((w) => SUCCESS_WORDS.has(w))) return 'success';
  return undefined;
}

const has = (ws: readonly string[], set: ReadonlySet<string>): boolean => ws.some((w) => set.has(w));

function typeOf(category: string | undefined, ws: readonly string[], verb: string | undefined, action: string | undefined): string[] | undefined {
  switch (category) {
    case 'network':
      if (verb === undefined) return ['connection'];
      return ['connection', ALLOW_VERBS.has(verb) ? 'allowed' : 'denied'];
    case 'authentication':
      if (has(ws, LOGOUT_WORDS) || action === 'logout') return ['end'];
      return has(ws, LOGIN_WORDS) || action === 'login' ? ['start'] : ['info'];
    case 'process':
      // A process record with no verb is a process start (EDR exports list executions).
      return has(ws, END_WORDS) ? ['end'] : ['start'];
    case 'web':
      return ['access'];
    case 'file':
      return [...(FILE_TYPES.find(([, keys]) => has(ws, keys))?.[0] ?? ['info'])];
    case 'intrusion_detection':
      return ['info'];
    case 'iam':
      return ws.includes('group') ? ['group', 'change'] : ['info'];
    default:
      return undefined;
  }
}

function actionOf(input: HintInput, category: string | undefined, ws: readonly string[], verb: string | undefined): string | undefined {
  if (verb !== undefined && (category === undefined || category === 'network')) return `firewall-${verb}`;
  const explicit = input.action !== undefined && outcomeOfWords(words(input.action)) === undefined ? input.action : undefined;
  if (explicit !== undefined) return kebab(explicit);
  if (category === 'authentication') {
    if (has(ws, LOGOUT_WORDS)) return 'logout';
    if (has(ws, LOGIN_WORDS)) return 'login';
    // `auth_failure`: an authentication attempt with nothing more specific said. A bare log source says less.
    const typeHint = input.typeHints[0];
    if (typeHint === undefined) return undefined;
    const rest = words(typeHint).filter((w) => !AUTH_FILLER.has(w));
    return rest.length === 0 ? 'login' : kebab(rest.join(' '));
  }
  if (category === 'process') return has(ws, END_WORDS) ? 'process-end' : 'process-start';
  if (category === 'web') return 'http-request';
  const typeHint = input.typeHints[0];
  return typeHint === undefined ? undefined : kebab(typeHint);
}

/**
 * Records of one log repeat the same few hint combinations: results are kept by their exact inputs (a
 * length-prefixed, collision-free key) and handed out as fresh copies.
 */
const MEMO = new Map<string, EventHints>();
const MAX_MEMO = 4096;

function part(value: string | undefined): string {
  return value === undefined ? '-' : `${value.length}:${value}`;
}

function list(values: readonly string[] | undefined): string {
  if (values === undefined) return '-';
  let key = `${values.length}[`;
  for (const value of values) key += part(value);
  return key;
}

function memoKey(input: HintInput): string {
  return `${list(input.typeHints)}${list(input.sourceHints)}${part(input.action)}${part(input.outcome)}${list(input.category)}${list(input.type)}${input.statusCode ?? '-'}|${part(input.fieldCategory)}`;
}

export function deriveEvent(input: HintInput): EventHints {
  const key = memoKey(input);
  let hints = MEMO.get(key);
  if (hints === undefined) {
    if (MEMO.size >= MAX_MEMO) MEMO.clear();
    hints = derive(input);
    MEMO.set(key, hints);
  }
  const out: EventHints = { category: hints.category?.slice(), type: hints.type?.slice(), action: hints.action, outcome: hints.outcome };
  return out;
}

function derive(input: HintInput): EventHints {
  const actionWords = input.action === undefined ? [] : words(input.action);
  const typeWords = input.typeHints.flatMap(words);
  const ws = [...actionWords, ...typeWords];
  const category =
    input.category?.[0] ?? categoryOf([...input.typeHints, ...(input.action === undefined ? [] : [input.action]), ...input.sourceHints]) ?? input.fieldCategory;
  const verbWord = ws.find((w) => FIREWALL_VERBS.has(w));
  const verb = verbWord === undefined ? undefined : FIREWALL_VERBS.get(verbWord);
  const firewallVerb = category === undefined || category === 'network' ? verb : undefined;
  const outcome =
    input.outcome ??
    (input.statusCode !== undefined && category === 'web' ? (input.statusCode < 400 ? 'success' : 'failure') : undefined) ??
    outcomeOfWords(actionWords) ??
    outcomeOfWords(typeWords);
  const finalCategory = category ?? (firewallVerb === undefined ? undefined : 'network');
  const action = actionOf(input, category, ws, firewallVerb);
  return {
    category: input.category === undefined ? (finalCategory === undefined ? undefined : [finalCategory]) : [...input.category],
    type: input.type === undefined ? typeOf(finalCategory, ws, firewallVerb, action) : [...input.type],
    action,
    outcome,
  };
}

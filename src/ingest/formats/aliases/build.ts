import { IANA_TRANSPORT_NAMES, ianaTransport } from '../../iana-transport.ts';
import type { EventFields, Outcome } from '../../../schema/event.ts';
import { baseName, compact } from '../../values.ts';
import { urlFields } from '../web/http.ts';
import type { Target } from '../aliases.ts';
import type { Value } from './convert.ts';
import { deriveEvent } from './hints.ts';
import type { Resolved } from './resolve.ts';

/** Shapes resolved alias values into `EventFields` (the few fields whose slot depends on others are routed here). */

interface Reader {
  s(target: Target): string | undefined;
  n(target: Target): number | undefined;
  list(target: Target): string[] | undefined;
}

function readerOf(values: ReadonlyMap<string, Value>): Reader {
  return {
    s: (target) => {
      const v = values.get(target);
      return typeof v === 'string' ? v : undefined;
    },
    n: (target) => {
      const v = values.get(target);
      return typeof v === 'number' ? v : undefined;
    },
    list: (target) => {
      const v = values.get(target);
      return Array.isArray(v) ? v : undefined;
    },
  };
}

const TRANSPORTS: ReadonlySet<string> = new Set([...IANA_TRANSPORT_NAMES, 'icmpv6']);
const OUTCOMES = new Set<string>(['success', 'failure', 'unknown']);
const PATH_SEPARATOR = /[\\/]/;
const VERSION_SUFFIX = /\/.*$/;

const isOutcome = (value: string | undefined): value is Outcome => value !== undefined && OUTCOMES.has(value);

/** A name that may be a full path (`C:\Windows\cmd.exe`): the base name, and the path as the executable. */
function nameAndPath(name: string | undefined, executable: string | undefined): { name?: string; executable?: string } {
  if (name !== undefined && PATH_SEPARATOR.test(name)) return { name: baseName(name), executable: executable ?? name };
  return { name: name ?? baseName(executable), executable };
}

function processOf(r: Reader): EventFields['process'] {
  // Built by assignment, not spreads: this runs for every record (spreads of varying shapes are slow in V8).
  const process: NonNullable<EventFields['process']> = nameAndPath(r.s('process.name'), r.s('process.executable'));
  process.pid = r.n('process.pid');
  process.command_line = r.s('process.command_line');
  process.working_directory = r.s('process.working_directory');
  const parent: NonNullable<NonNullable<EventFields['process']>['parent']> = nameAndPath(r.s('process.parent.name'), r.s('process.parent.executable'));
  parent.pid = r.n('process.parent.pid');
  parent.command_line = r.s('process.parent.command_line');
  process.parent = parent;
  return process;
}

/** `DOMAIN\user` names carry their domain. */
function userOf(r: Reader): EventFields['user'] {
  let name = r.s('user.name');
  let domain = r.s('user.domain');
  const cut = name?.indexOf('\\') ?? -1;
  if (name !== undefined && cut > 0 && cut < name.length - 1 && name.indexOf('\\', cut + 1) < 0) {
    domain ??= name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  return {
    name,
    domain,
    id: r.s('user.id'),
    target: { name: r.s('user.target.name') },
    effective: { name: r.s('user.effective.name') },
  };
}

function networkOf(r: Reader, web: boolean): EventFields['network'] {
  const raw = r.s('network.transport');
  const transport = raw === undefined ? undefined : (ianaTransport(raw) ?? raw);
  const isTransport = transport !== undefined && TRANSPORTS.has(transport);
  return {
    transport: isTransport ? transport : undefined,
    protocol: r.s('network.protocol') ?? (isTransport ? undefined : transport?.replace(VERSION_SUFFIX, '')),
    direction: r.s('network.direction'),
    bytes: r.n('network.bytes') ?? (web ? undefined : r.n('bytes')),
    packets: r.n('network.packets'),
  };
}

function webOf(r: Reader, web: boolean): Pick<EventFields, 'url' | 'http' | 'user_agent' | 'file'> {
  const path = r.s('url.path') ?? (web ? r.s('path') : undefined);
  const query = r.s('url.query');
  const given = r.s('url.original');
  const original = given ?? (path === undefined ? undefined : query === undefined ? path : `${path}?${query}`);
  // A request's target alone (`/login?next=/admin`, `https://host/p`): its path, query and host, as access lines give them.
  const parts = web && given !== undefined && path === undefined ? urlFields(given) : undefined;
  return {
    url: { original, path: path ?? parts?.path, query: query ?? parts?.query, domain: r.s('url.domain') ?? parts?.domain, scheme: parts?.scheme },
    http: {
      version: r.s('http.version'),
      request: { method: r.s('http.request.method'), referrer: r.s('http.request.referrer') },
      response: { status_code: r.n('http.response.status_code'), bytes: r.n('http.response.bytes') ?? (web ? r.n('bytes') : undefined) },
    },
    user_agent: { original: r.s('user_agent.original') },
    file: { path: r.s('file.path') ?? (web ? undefined : r.s('path')), name: r.s('file.name') },
  };
}

function eventOf(r: Reader, resolved: Resolved, web: boolean): EventFields['event'] {
  const outcome = r.s('event.outcome');
  const hasProcess = r.s('process.command_line') !== undefined || r.s('process.parent.name') !== undefined;
  const hints = deriveEvent({
    typeHints: resolved.typeHints,
    sourceHints: resolved.sourceHints,
    action: r.s('event.action'),
    outcome: isOutcome(outcome) ? outcome : undefined,
    category: r.list('event.category'),
    type: r.list('event.type'),
    statusCode: r.n('http.response.status_code'),
    fieldCategory: web ? 'web' : hasProcess ? 'process' : undefined,
  });
  const event: NonNullable<EventFields['event']> = hints;
  event.code = r.s('event.code');
  event.provider = r.s('event.provider');
  event.module = r.s('event.module');
  event.severity = r.n('event.severity');
  event.reason = r.s('event.reason');
  return event;
}

const WEB_GROUPS = ['url', 'http', 'user_agent', 'file', 'path', 'bytes'];
const WEB_TARGETS = ['http.request.method', 'http.response.status_code', 'url.original', 'url.path', 'url.query'];

export function buildFields(resolved: Resolved): EventFields {
  const r = readerOf(resolved.values);
  const web = WEB_TARGETS.some((t) => resolved.values.has(t));
  // Only shape the groups the record has values for (most records fill a handful).
  const groups = new Set<string>();
  for (const target of resolved.values.keys()) {
    const dot = target.indexOf('.');
    groups.add(dot < 0 ? target : target.slice(0, dot));
  }
  const webGroups = WEB_GROUPS.some((g) => groups.has(g));
  const fields: EventFields = {
    message: r.s('message'),
    event: eventOf(r, resolved, web),
    source: groups.has('source') ? { ip: r.s('source.ip'), port: r.n('source.port'), domain: r.s('source.domain'), mac: r.s('source.mac') } : undefined,
    destination: groups.has('destination')
      ? { ip: r.s('destination.ip'), port: r.n('destination.port'), domain: r.s('destination.domain'), mac: r.s('destination.mac') }
      : undefined,
    user: groups.has('user') ? userOf(r) : undefined,
    host: groups.has('host') ? { name: r.s('host.name'), ip: r.s('host.ip') } : undefined,
    process: groups.has('process') ? processOf(r) : undefined,
  };
  if (webGroups) {
    const webFields = webOf(r, web);
    fields.url = webFields.url;
    fields.http = webFields.http;
    fields.user_agent = webFields.user_agent;
    fields.file = webFields.file;
  }
  fields.network = groups.has('network') || groups.has('bytes') ? networkOf(r, web) : undefined;
  fields.service = { name: r.s('service.name') };
  fields.rule = { name: r.s('rule.name'), id: r.s('rule.id'), category: r.s('rule.category') };
  fields.dns = { question: { name: r.s('dns.question.name') } };
  fields.labels = Object.keys(resolved.labels).length > 0 ? resolved.labels : undefined;
  return compact(fields);
}

import { questionTerms } from '../../retrieve/index.ts';
import { cite } from '../cite.ts';
import { Names, count, iso, plural, span } from '../names.ts';
import { and, column, countBy, rows, scoped, tally, type Where } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';

/**
 * Software installed, upgraded and removed (Windows Installer, dpkg, apt, dnf, yum): how much changed, where and by
 * whom, then the installs and the removals, newest first. One log often records a change twice (apt's history and
 * dpkg's log; Windows Installer's 1033 and 11707), so each list names a package once per host: its latest record,
 * the one that says the most (version, account, command) when they tie.
 */

const INSTALLS = ['package-installed', 'package-reinstalled'];
const REMOVALS = ['package-removed', 'package-purged'];
const UPGRADES = ['package-upgraded', 'package-downgraded'];
const CHANGES = [...INSTALLS, ...REMOVALS, ...UPGRADES];
/** The newest change records read for the lists (their length says how many there are); counts are over all. */
const MAX_ROWS = 5000;

interface Change {
  id: string;
  ts_ms: number | null;
  action: string;
  outcome: string | null;
  host: string | null;
  user: string | null;
  name: string | null;
  version: string | null;
  type: string | null;
  automatic: string | null;
  command: string | null;
}

const inList = (values: readonly string[]): string => `e.action IN (${values.map(() => '?').join(', ')})`;

/** Words of a question that name a packager or the subject, not a package (`apt` is also apt's own package). */
const NOT_PACKAGES = new Set(['apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'rpm', 'msi', 'msiinstaller', 'windows', 'installer', 'software', 'package', 'packages', 'program', 'programs', 'application', 'applications', 'app', 'apps', 'tool', 'tools', 'installed', 'install', 'removed', 'upgraded']);
const PACKAGE_NAME = "lower(json_extract(e.doc, '$.package.name'))";

/** Packages the question names (`was AnyDesk installed?`), as stored; none when it names none. */
function namedPackages(ctx: FactContext, where: Where): string[] {
  const terms = questionTerms(ctx.plan.question).filter((t) => !NOT_PACKAGES.has(t));
  if (terms.length === 0) return [];
  return column<string>(ctx, `SELECT DISTINCT ${PACKAGE_NAME} AS n FROM events e WHERE ${where.sql} AND n IN (SELECT value FROM json_each(?)) ORDER BY n`, [...where.params, JSON.stringify(terms)]);
}

export function softwareFacts(ctx: FactContext): FactDraft[] {
  const changed = scoped(ctx, inList(CHANGES), CHANGES);
  const named = namedPackages(ctx, changed);
  // A question that names packages is answered for them alone.
  const where = named.length === 0 ? changed : and(changed, `${PACKAGE_NAME} IN (SELECT value FROM json_each(?))`, [JSON.stringify(named)]);
  const total = tally(ctx, where);
  if (total.events === 0) {
    return [{
      kind: 'software.none',
      title: 'No software changes',
      text: `No package was installed, upgraded or removed${Object.keys(ctx.plan.filters).length > 0 ? ' within the filters' : ''} in the stored logs (Windows Installer's Application log events, dpkg, apt, dnf and yum logs).`,
      data: { changes: 0 },
      entities: [],
      citations: cite(ctx, {}),
    }];
  }
  const changes = changeRows(ctx, where);
  const facts = [overview(ctx, where, changes, total, named)];
  const installs = latestPerPackage(changes.filter((c) => INSTALLS.includes(c.action) && c.outcome !== 'failure'));
  const capped = changes.length === MAX_ROWS;
  if (installs.length > 0) facts.push(listFact(ctx, 'software.installed', 'Installed', installs, capped));
  const removals = latestPerPackage(changes.filter((c) => REMOVALS.includes(c.action) && c.outcome !== 'failure'));
  if (removals.length > 0) facts.push(listFact(ctx, 'software.removed', 'Removed', removals, capped));
  return facts;
}

function changeRows(ctx: FactContext, where: Where): Change[] {
  return rows<Change>(
    ctx,
    `SELECT lower(hex(e.id)) AS id, e.ts_ms, e.action, e.outcome, e.host_name AS host, e.user_name AS user,
       json_extract(e.doc, '$.package.name') AS name, json_extract(e.doc, '$.package.version') AS version,
       json_extract(e.doc, '$.package.type') AS type, json_extract(e.doc, '$.labels.apt_automatic') AS automatic,
       json_extract(e.doc, '$.process.command_line') AS command
     FROM events e WHERE ${where.sql} ORDER BY e.ts_ms DESC, e.rowid DESC LIMIT ?`,
    [...where.params, MAX_ROWS],
  );
}

/** The counts are over every matching change (SQL aggregates), not the rows read for the lists. */
function overview(ctx: FactContext, where: Where, changes: readonly Change[], total: ReturnType<typeof tally>, named: readonly string[]): FactDraft {
  const names = new Names();
  const actions = new Map(countBy(ctx, 'action', where).map((c) => [c.value, c.events]));
  const by = (list: readonly string[]) => list.reduce((n, action) => n + (actions.get(action) ?? 0), 0);
  const failed = tally(ctx, and(where, "e.outcome = 'failure'")).events;
  const packagers = column<string>(ctx, `SELECT DISTINCT json_extract(e.doc, '$.package.type') AS t FROM events e WHERE ${where.sql} AND t IS NOT NULL ORDER BY t`, where.params);
  const hosts = countBy(ctx, 'host_name', where).map((c) => c.value);
  const users = countBy(ctx, 'user_name', where).map((c) => c.value);
  const text =
    `${plural(total.events, 'package change')}${named.length === 0 ? '' : ` of ${named.join(', ')}`} ${span(total.first, total.last)}: ${count(by(INSTALLS))} installed, ${count(by(UPGRADES))} upgraded or downgraded, ` +
    `${count(by(REMOVALS))} removed${failed > 0 ? `, ${count(failed)} of them failed` : ''}. Packagers: ${packagers.join(', ') || 'not named'}; ` +
    `hosts ${names.list('host', hosts, ctx.limits.inline)}; accounts ${names.list('user', users, ctx.limits.inline)}.`;
  return {
    kind: 'software.overview',
    title: 'Software changes',
    text,
    data: { changes: total.events, packages: named, installed: by(INSTALLS), upgraded: by(UPGRADES), removed: by(REMOVALS), failed, packagers, hosts: hosts.length, users: users.length },
    entities: names.entities,
    citations: cite(ctx, { events: changes.slice(0, ctx.limits.eventIds).map((c) => c.id), eventCount: total.events }),
  };
}

/** What a record says: more is better when two records of one package and host are equally recent. */
const richness = (c: Change): number => (c.version === null ? 0 : 1) + (c.user === null ? 0 : 1) + (c.command === null ? 0 : 1);

/** Records of one change in two logs (apt's run start and dpkg's line, 1033 and 11707) are this close. */
const SAME_CHANGE_MS = 5 * 60_000;

/**
 * One record per package, packager and host, the latest (rows come newest first), or a slightly older one that
 * says more (apt's, with the account, over dpkg's of the same install); requested packages before dependencies.
 */
function latestPerPackage(changes: readonly Change[]): Change[] {
  const chosen = new Map<string, Change>();
  for (const change of changes) {
    if (change.name === null) continue;
    const key = `${change.name.toLowerCase()}\u0000${change.type ?? ''}\u0000${change.host ?? ''}`;
    const held = chosen.get(key);
    if (held === undefined) chosen.set(key, change);
    else if ((held.ts_ms ?? 0) - (change.ts_ms ?? 0) <= SAME_CHANGE_MS && richness(change) > richness(held)) chosen.set(key, change);
  }
  const list = [...chosen.values()];
  return [...list.filter((c) => c.automatic !== 'true'), ...list.filter((c) => c.automatic === 'true')];
}

function listFact(ctx: FactContext, kind: string, verb: string, changes: readonly Change[], capped: boolean): FactDraft {
  const names = new Names();
  const shown = changes.slice(0, ctx.limits.items * 2);
  const dependencies = changes.filter((c) => c.automatic === 'true').length;
  const items = shown.map((c) => {
    const where = c.host === null ? '' : ` on ${names.host(c.host)}`;
    const who = c.user === null ? '' : ` by ${names.user(c.user)}`;
    const how = c.command === null ? '' : ` (command: ${c.command.length > 80 ? `${c.command.slice(0, 80)}…` : c.command})`;
    // Versions and commands are log text: an address-like version or an address in a command is recorded as named.
    return `${names.mentions(`${c.name!}${c.version === null ? '' : ` ${c.version}`}`)}${where}${who} at ${iso(c.ts_ms)}${c.type === null ? '' : ` (${c.type})`}${names.mentions(how)}`;
  });
  const rest = changes.length - shown.length;
  const text =
    `${verb} (${plural(changes.length, 'package')}${capped ? ` among the newest ${count(MAX_ROWS)} changes` : ''}, newest first${dependencies > 0 ? `, ${count(dependencies)} of them as dependencies, listed last` : ''}): ` +
    `${items.join('; ')}${rest > 0 ? `; and ${count(rest)} more` : ''}.`;
  return {
    kind,
    title: `${verb} software`,
    text,
    data: { packages: changes.length, dependencies, listed: shown.map((c) => ({ name: c.name, version: c.version, host: c.host, user: c.user, at: iso(c.ts_ms), type: c.type })) },
    entities: names.entities,
    citations: cite(ctx, { events: shown.map((c) => c.id), eventCount: changes.length }),
  };
}

import type { EventFields, VigilEvent } from './event.ts';

/**
 * `related.*` is derived from the fields: normalisation sets it, and the store, which does not keep it
 * (rows.ts), derives it again when it reads an event.
 */

/**
 * The fields each `related.*` list is made of, in the order `relatedOf` adds them (which reads them directly:
 * it runs for every event). Store filters on `related.*` are filters on any of these (src/store/field-sql.ts).
 */
export const RELATED_FIELDS = {
  ip: ['source.ip', 'destination.ip', 'host.ip'],
  user: ['user.name', 'user.target.name', 'user.effective.name', 'process.user.name'],
  hosts: ['host.name', 'source.domain', 'destination.domain'],
  hash: ['process.hash.md5', 'process.hash.sha1', 'process.hash.sha256'],
} as const satisfies Record<keyof NonNullable<VigilEvent['related']>, readonly string[]>;

/** Adds a value to a list of distinct values, creating the list on the first one (no array per call). */
function addDistinct(list: string[] | undefined, value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return list;
  if (list === undefined) return [value];
  if (!list.includes(value)) list.push(value);
  return list;
}

/** `related.*`: the event's addresses, accounts, host names and hashes, each list without repeats. */
export function relatedOf(fields: EventFields): VigilEvent['related'] {
  const { source, destination, host, user, process } = fields;
  let ip = addDistinct(undefined, source?.ip);
  ip = addDistinct(ip, destination?.ip);
  ip = addDistinct(ip, host?.ip);
  let users = addDistinct(undefined, user?.name);
  users = addDistinct(users, user?.target?.name);
  users = addDistinct(users, user?.effective?.name);
  users = addDistinct(users, process?.user?.name);
  let hosts = addDistinct(undefined, host?.name);
  hosts = addDistinct(hosts, source?.domain);
  hosts = addDistinct(hosts, destination?.domain);
  const digests = process?.hash;
  let hash = addDistinct(undefined, digests?.md5);
  hash = addDistinct(hash, digests?.sha1);
  hash = addDistinct(hash, digests?.sha256);
  if (ip === undefined && users === undefined && hosts === undefined && hash === undefined) return undefined;
  const out: NonNullable<VigilEvent['related']> = {};
  if (ip !== undefined) out.ip = ip;
  if (users !== undefined) out.user = users;
  if (hosts !== undefined) out.hosts = hosts;
  if (hash !== undefined) out.hash = hash;
  return out;
}

import { classifyIp } from '../../util/ip-class.ts';
import type { Db } from '../../store/index.ts';
import { EXTERNAL_CLASSES } from './vocabulary.ts';

/** "Is this an external address?" in JS and in SQL, so that aggregates over tens of thousands of addresses are filtered inside SQLite. */

export function isExternal(ip: string): boolean {
  const cls = classifyIp(ip);
  return cls !== undefined && EXTERNAL_CLASSES.has(cls);
}

const FUNCTION = 'vigil_is_external';
const registered = new WeakSet<Db>();

/** Registers `vigil_is_external(ip)` on this connection (once): 1 for an external address, else 0. */
export function registerIpFunctions(db: Db): void {
  if (registered.has(db)) return;
  db.function(FUNCTION, { deterministic: true }, (value: unknown) => (typeof value === 'string' && isExternal(value) ? 1 : 0));
  registered.add(db);
}

/** SQL: `column` holds an external address (public, or a documentation range standing for one). */
export function externalIpSql(column: string): string {
  return `${FUNCTION}(${column}) = 1`;
}

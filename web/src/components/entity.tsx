import { ENTITY_FIELDS, attackUrl, eventsHref, type EntityKind, type TimeRange } from '../lib/links.ts';
import { Link } from '../lib/router.tsx';

/** An entity value that pivots to its events in the explorer. */
export function EntityLink({ kind, value, range }: { kind: EntityKind; value: string; range?: TimeRange }) {
  const field = ENTITY_FIELDS[kind];
  return (
    <Link className="entity" to={eventsHref({ filter: [`${field}=${value}`], ...range })} title={`events with ${field} = ${value}`} data-entity={kind}>
      {value}
    </Link>
  );
}

/** A technique id linked to its ATT&CK page (an external site: no referrer, no opener). */
export function TechniqueLink({ id, name }: { id: string; name?: string }) {
  const url = attackUrl(id);
  const label = name === undefined || name === id ? id : `${id} ${name}`;
  if (url === undefined) return <span className="technique unknown">{label}</span>;
  return (
    <a className="technique" href={url} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  );
}

import type { EventDetail, VigilEvent } from '../../api/types.ts';
import { Drawer, ErrorBox, SeverityBadge, Spinner } from '../../components/common.tsx';
import { time } from '../../lib/format.ts';
import { eventsHref, incidentHref } from '../../lib/links.ts';
import { Link, navigate, useLocation, withParams } from '../../lib/router.tsx';
import { useApi } from '../../lib/use-api.ts';

const EVENT_ID = /^[0-9a-f]{32}$/i;
const SKIPPED = new Set(['id', 'event.original', 'vigil.indicators']);

/** Every scalar field of the event as `path → value`, in document order. */
export function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) out.push([prefix, value.map(String).join(', ')]);
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    return out;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (!SKIPPED.has(path)) flatten(inner, path, out);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push([prefix, String(value)]);
  return out;
}

function Fields({ event }: { event: VigilEvent }) {
  const location = useLocation();
  const onEvents = location.path === '/events';
  const pivot = (field: string, value: string) => {
    const filter = `${field}=${value}`;
    if (onEvents) navigate(withParams(location, { filter: [...new Set([...location.params.getAll('filter'), filter])], event: undefined }));
    else navigate(eventsHref({ filter: [filter] }));
  };
  return (
    <table className="table compact fields">
      <tbody>
        {flatten(event).map(([path, value]) => (
          <tr key={path}>
            <th className="mono small">{path}</th>
            <td className="mono small value">{value}</td>
            <td>
              {!path.includes('[') && value.length <= 1000 && (
                <button type="button" className="btn ghost tiny" title={`filter on ${path}`} onClick={() => pivot(path, value)}>
                  filter
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Detail({ detail }: { detail: EventDetail }) {
  const { event, incidents } = detail;
  return (
    <div className="event-detail">
      <div className="facts-line small muted">
        {time(event['@timestamp'])} UTC · {event.vigil.format} · {event.log.file.path}
        {event.log.line === undefined ? '' : `:${event.log.line}`}
      </div>
      {incidents.length > 0 && (
        <section>
          <h3>Cited by incidents</h3>
          <ul className="plain">
            {incidents.map((incident) => (
              <li key={incident.id}>
                <SeverityBadge severity={incident.severity} /> <Link to={incidentHref(incident.id)}>{incident.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h3>Original record</h3>
        <pre className="original" data-testid="original">
          {event.event.original}
        </pre>
      </section>
      {event.vigil.indicators.length > 0 && (
        <section>
          <h3>Indicators</h3>
          <ul className="plain mono small">
            {event.vigil.indicators.map((ioc, i) => (
              <li key={i}>
                {ioc.type} {ioc.value}
                {ioc.class === undefined ? '' : ` (${ioc.class})`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h3>Fields</h3>
        <Fields event={event} />
      </section>
      <div className="muted small mono">id {event.id}</div>
    </div>
  );
}

/** The detail drawer of the event named by the `event` query parameter, on any page that lists events. */
export function EventDrawerFromUrl() {
  const location = useLocation();
  const id = location.params.get('event');
  const valid = id !== null && EVENT_ID.test(id);
  const detail = useApi<EventDetail>(valid ? `/api/events/${id}` : null);
  if (id === null) return null;
  const close = () => navigate(withParams(location, { event: undefined }));
  return (
    <Drawer title="Event" onClose={close}>
      {!valid ? <div className="error-box">Not an event id.</div> : detail.data?.event.id !== id ? detail.error === undefined ? <Spinner /> : <ErrorBox error={detail.error} /> : <Detail detail={detail.data} />}
    </Drawer>
  );
}

import { useCallback, useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { ErrorBox, Panel } from '../../components/common.tsx';
import { num, time } from '../../lib/format.ts';
import { navigate, useLocation, withParams } from '../../lib/router.tsx';
import { EventDrawerFromUrl } from './drawer.tsx';
import { useEventPages, type EventQuery } from './use-event-pages.ts';
import { VirtualEventTable } from './virtual-table.tsx';

const FIELD_SUGGESTIONS = ['source.ip', 'destination.ip', 'destination.port', 'user.name', 'host.name', 'process.name', 'event.action', 'event.outcome', 'event.code', 'event.dataset', 'vigil.format', 'url.path', 'http.response.status_code', 'user_agent.original', 'package.name', 'log.file.path'];

function SearchBar() {
  const location = useLocation();
  const [q, setQ] = useState(location.params.get('q') ?? '');
  const [filter, setFilter] = useState('');
  const current = location.params.get('q') ?? '';
  useEffect(() => {
    setQ(current);
  }, [current]);
  const filters = location.params.getAll('filter');
  const search = (event: SyntheticEvent) => {
    event.preventDefault();
    const added = filter.trim();
    const valid = /^[^=\s]+=/.test(added);
    navigate(withParams(location, { q: q.trim() || undefined, filter: valid ? [...new Set([...filters, added])] : filters, event: undefined }));
    if (valid) setFilter('');
  };
  const remove = (f: string) => navigate(withParams(location, { filter: filters.filter((x) => x !== f), event: undefined }));
  return (
    <form className="search-bar" onSubmit={search} role="search">
      <input className="grow" type="search" placeholder="words in the message or original record" value={q} onChange={(e) => setQ(e.target.value)} aria-label="search words" />
      <input list="event-fields" placeholder="field=value, e.g. source.ip=10.0.0.5" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="add field filter" size={30} />
      <datalist id="event-fields">
        {FIELD_SUGGESTIONS.map((f) => (
          <option key={f} value={`${f}=`} />
        ))}
      </datalist>
      <button className="btn primary small" type="submit">
        Search
      </button>
      <div className="chips" aria-label="active filters">
        {filters.map((f) => (
          <span key={f} className="chip" data-filter={f}>
            <span className="mono">{f}</span>
            <button type="button" aria-label={`remove filter ${f}`} onClick={() => remove(f)}>
              ✕
            </button>
          </span>
        ))}
      </div>
    </form>
  );
}

/** Full-text and field search over every stored event; infinite scroll; a row opens its detail. */
export function EventsPage() {
  const location = useLocation();
  const params = location.params;
  const q = params.get('q') ?? undefined;
  const filterKey = params.getAll('filter').join('\u0000');
  const since = params.get('since') ?? undefined;
  const until = params.get('until') ?? undefined;
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const query = useMemo<EventQuery>(() => ({ q, filter: filterKey === '' ? [] : filterKey.split('\u0000'), since, until, order }), [q, filterKey, since, until, order]);
  const pages = useEventPages(query);
  const select = useCallback((id: string) => navigate(withParams(location, { event: id })), [location]);
  const countText = pages.total === null ? '' : `${num(pages.total)}${pages.totalExact === false ? '+' : ''} events`;
  return (
    <div className="page events-page">
      <Panel
        title={
          <>
            Events <span className="muted small" data-testid="event-count">{countText}</span>{' '}
            <span className="muted small">
              {num(pages.events.length)} loaded{since !== undefined || until !== undefined ? ` · ${time(since)} → ${time(until)}` : ''}
            </span>
          </>
        }
        actions={
          <button type="button" className="btn small" onClick={() => navigate(withParams(location, { order: order === 'desc' ? 'asc' : undefined }))} title="sort by time">
            {order === 'desc' ? 'Newest first' : 'Oldest first'}
          </button>
        }
        className="fill"
      >
        <SearchBar />
        <ErrorBox error={pages.error} />
        {!pages.loading && pages.events.length === 0 && pages.error === undefined ? (
          <div className="empty">No events match.</div>
        ) : (
          <VirtualEventTable events={pages.events} selected={params.get('event')} onSelect={select} onNearEnd={pages.loadMore} loading={pages.loading} done={pages.done} />
        )}
      </Panel>
      <EventDrawerFromUrl />
    </div>
  );
}

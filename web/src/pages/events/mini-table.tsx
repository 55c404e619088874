import type { VigilEvent } from '../../api/types.ts';
import { Empty } from '../../components/common.tsx';
import { navigate, useLocation, withParams } from '../../lib/router.tsx';
import { COLUMNS, GRID_TEMPLATE } from './columns.tsx';

/** A short list of events (an incident's evidence page); a click opens the event's detail drawer. */
export function EventTable({ events }: { events: readonly VigilEvent[] }) {
  const location = useLocation();
  if (events.length === 0) return <Empty>No events.</Empty>;
  return (
    <div className="grid-table" role="table" aria-label="events">
      <div className="grid-row grid-head" role="row" style={{ gridTemplateColumns: GRID_TEMPLATE }}>
        {COLUMNS.map((c) => (
          <div key={c.key} role="columnheader">
            {c.label}
          </div>
        ))}
      </div>
      {events.map((event) => (
        <div
          key={event.id}
          role="row"
          className={`grid-row clickable ${location.params.get('event') === event.id ? 'selected' : ''}`}
          style={{ gridTemplateColumns: GRID_TEMPLATE }}
          onClick={() => navigate(withParams(location, { event: event.id }))}
          data-event={event.id}
        >
          {COLUMNS.map((c) => (
            <div key={c.key} role="cell" className={`cell cell-${c.key}`}>
              {c.value(event)}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

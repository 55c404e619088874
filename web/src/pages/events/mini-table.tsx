import type { VigilEvent } from '../../api/types.ts';
import { Empty } from '../../components/common.tsx';
import { navigate, useLocation, withParams } from '../../lib/router.tsx';
import { EventCells, EventHeadRow, GRID_TEMPLATE } from './columns.tsx';

/** A short list of events (an incident's evidence page); a click opens the event's detail drawer. */
export function EventTable({ events }: { events: readonly VigilEvent[] }) {
  const location = useLocation();
  if (events.length === 0) return <Empty>No events.</Empty>;
  return (
    <div className="grid-table" role="table" aria-label="events">
      <EventHeadRow />
      {events.map((event) => (
        <div
          key={event.id}
          role="row"
          className={`grid-row clickable ${location.params.get('event') === event.id ? 'selected' : ''}`}
          style={{ gridTemplateColumns: GRID_TEMPLATE }}
          onClick={() => navigate(withParams(location, { event: event.id }))}
          data-event={event.id}
        >
          <EventCells event={event} />
        </div>
      ))}
    </div>
  );
}

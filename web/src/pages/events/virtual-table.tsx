import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { VigilEvent } from '../../api/types.ts';
import { Spinner } from '../../components/common.tsx';
import { EventCells, EventHeadRow, GRID_TEMPLATE } from './columns.tsx';

const ROW_HEIGHT = 26;
const PREFETCH_ROWS = 60;

/**
 * Only the rows in view exist in the DOM, so scrolling through hundreds of thousands of loaded rows stays
 * smooth; nearing the end of what is loaded asks for the next page.
 */
export function VirtualEventTable({ events, selected, onSelect, onNearEnd, loading, done }: { events: readonly VigilEvent[]; selected: string | null; onSelect: (id: string) => void; onNearEnd: () => void; loading: boolean; done: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: events.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (!done && !loading && events.length > 0 && lastIndex >= events.length - PREFETCH_ROWS) onNearEnd();
  }, [lastIndex, events.length, done, loading, onNearEnd]);
  return (
    <div className="grid-table virtual" role="table" aria-label="events" aria-rowcount={events.length}>
      <EventHeadRow />
      <div className="scroller" ref={scroller} data-testid="events-scroller">
        <div className="scroll-space" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const event = events[item.index]!;
            return (
              <div
                key={event.id}
                role="row"
                aria-rowindex={item.index + 1}
                className={`grid-row clickable ${selected === event.id ? 'selected' : ''}`}
                style={{ gridTemplateColumns: GRID_TEMPLATE, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(event.id)}
                data-event={event.id}
              >
                <EventCells event={event} />
              </div>
            );
          })}
        </div>
        {loading && (
          <div className="table-foot">
            <Spinner label="loading more events" />
          </div>
        )}
      </div>
    </div>
  );
}

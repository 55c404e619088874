import type { VigilEvent } from '../../api/types.ts';
import { eventText } from '../../../../src/schema/event-text.ts';
import { clip, time } from '../../lib/format.ts';

export interface Column {
  key: string;
  label: string;
  width: string;
  /** The field a value of this column filters on. */
  field?: string;
  value(event: VigilEvent): string;
}

export const COLUMNS: readonly Column[] = [
  { key: 'time', label: 'Time (UTC)', width: '150px', value: (e) => time(e['@timestamp']) },
  { key: 'dataset', label: 'Dataset', width: '110px', field: 'event.dataset', value: (e) => e.event.dataset },
  { key: 'host', label: 'Host', width: '120px', field: 'host.name', value: (e) => e.host?.name ?? '' },
  { key: 'source', label: 'Source IP', width: '130px', field: 'source.ip', value: (e) => e.source?.ip ?? '' },
  { key: 'user', label: 'User', width: '110px', field: 'user.name', value: (e) => e.user?.name ?? '' },
  { key: 'action', label: 'Action', width: '140px', field: 'event.action', value: (e) => e.event.action ?? '' },
  { key: 'outcome', label: 'Outcome', width: '80px', field: 'event.outcome', value: (e) => e.event.outcome ?? '' },
  { key: 'message', label: 'Message', width: 'minmax(300px, 1fr)', value: (e) => clip(eventText(e), 400) },
];

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

/** The header row of an events table. */
export function EventHeadRow() {
  return (
    <div className="grid-row grid-head" role="row" style={{ gridTemplateColumns: GRID_TEMPLATE }}>
      {COLUMNS.map((c) => (
        <div key={c.key} role="columnheader">
          {c.label}
        </div>
      ))}
    </div>
  );
}

/** The cells of one event's row. */
export function EventCells({ event }: { event: VigilEvent }) {
  return COLUMNS.map((c) => (
    <div key={c.key} role="cell" className={`cell cell-${c.key}`}>
      {c.value(event)}
    </div>
  ));
}

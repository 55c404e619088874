import type { EventFields } from '../../../../schema/event.ts';
import type { WinRecord } from '../record.ts';

/** EventData as text, keyed by the Windows field name. */
export type Data = Readonly<Record<string, string>>;

/** Maps one event id's EventData to schema fields; the common winlog/host/event.code fields are added by the caller. */
export type Mapper = (data: Data, record: WinRecord) => EventFields;

export type MapperTable = ReadonlyMap<number, Mapper>;

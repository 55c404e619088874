import { RELATED_FIELDS } from '../schema/related.ts';
import { VigilError } from '../util/errors.ts';

/** Event fields as SQL conditions over `events e`, and words as an FTS5 query. */

const COLUMNS: Record<string, string> = {
  'source.ip': 'source_ip',
  'destination.ip': 'destination_ip',
  'destination.port': 'destination_port',
  'user.name': 'user_name',
  'host.name': 'host_name',
  'process.name': 'process_name',
  'event.action': 'action',
  'event.outcome': 'outcome',
  'event.code': 'code',
  'event.dataset': 'dataset',
  'vigil.format': 'format',
  format: 'format',
  'log.file.path': 'file_path',
  // Kept in columns only, not in `doc` (see rows.ts):
  'log.line': 'line',
  '@timestamp': 'ts',
  message: 'message',
  'event.original': 'original',
};

const FIELD_PATH = /^[A-Za-z_@][A-Za-z0-9_@.-]{0,100}$/;

/**
 * `related.*` is not stored (rows.ts): a filter on one of its lists is a filter on any of the fields it is
 * derived from (RELATED_FIELDS), each in its column or else in `doc`. Undefined for any other key.
 */
function relatedClause(key: string, value: string, params: unknown[]): string | undefined {
  const list = key.startsWith('related.') ? key.slice('related.'.length) : '';
  if (!Object.hasOwn(RELATED_FIELDS, list)) return undefined;
  const any = RELATED_FIELDS[list as keyof typeof RELATED_FIELDS].map((path: string) => {
    const column = COLUMNS[path];
    if (column !== undefined) {
      params.push(value);
      return `e.${column} = ?`;
    }
    params.push(`$.${path}`, value);
    return `json_extract(e.doc, ?) = ?`;
  });
  return `(${any.join(' OR ')})`;
}

/** Turns user text into an FTS5 query of quoted terms, so no input is read as FTS syntax. */
export function ftsQuery(text: string): string | undefined {
  const terms = text.split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

export function fieldClause(key: string, value: string, params: unknown[]): string {
  const column = COLUMNS[key];
  if (column !== undefined) {
    params.push(column === 'destination_port' ? Number(value) : value);
    return `e.${column} = ?`;
  }
  if (key === 'id') {
    params.push(value);
    return `lower(hex(e.id)) = lower(?)`;
  }
  if (key === 'event.kind') {
    params.push(value);
    return `'event' = ?`;
  }
  const related = relatedClause(key, value, params);
  if (related !== undefined) return related;
  if (key === 'event.category') {
    params.push(value);
    // instr, not LIKE: `%` and `_` in the value are text.
    return `instr(',' || e.category || ',', ',' || ? || ',') > 0`;
  }
  if (!FIELD_PATH.test(key)) throw new VigilError('E_USAGE', `not a field path: ${key}`);
  const path = '$' + key.split('.').map((p) => `."${p}"`).join('');
  params.push(path, value);
  return `CAST(json_extract(e.doc, ?) AS TEXT) = ?`;
}

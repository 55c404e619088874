import { setOwn } from '../values.ts';
import { labelValue } from './aliases/resolve.ts';

/**
 * A flat record's columns (an EDR's row, a query's result) as labels and as indicator text, for the readers that map
 * some columns to the schema and keep the rest under their own names.
 */

/** Columns of a row looked at for labels, at most: a hostile row of a million keys is not labelled whole. */
export const MAX_ROW_LABELS = 1000;

/**
 * Adds the row's own columns but those skipped as labels named `prefix` + the column, each value as `labelValue`
 * writes it; at most `limit` columns are looked at.
 */
export function addRowLabels(labels: Record<string, string>, row: Readonly<Record<string, unknown>>, skip: (key: string) => boolean, prefix = '', limit = MAX_ROW_LABELS): void {
  let seen = 0;
  for (const key in row) {
    if (!Object.hasOwn(row, key)) continue;
    if (++seen > limit) return;
    if (skip(key)) continue;
    const value = labelValue(row[key]);
    if (value !== undefined) setOwn(labels, `${prefix}${key}`, value);
  }
}

/** The row's values but those of the keys left out (ids shaped like hashes), one per line: the text indicators are taken from. */
export function rowText(row: Readonly<Record<string, unknown>>, leftOut: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const key in row) {
    if (!Object.hasOwn(row, key) || leftOut.has(key)) continue;
    const value = row[key];
    const text = typeof value === 'string' ? value : labelValue(value);
    if (text !== undefined) parts.push(text);
  }
  return parts.join('\n');
}

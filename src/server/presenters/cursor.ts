import { z } from 'zod';
import type { PagePosition } from '../../store/event-page.ts';
import { ApiError } from '../errors.ts';

const CursorSchema = z.object({ v: z.literal(1), o: z.enum(['asc', 'desc']), t: z.number().int().nullable(), r: z.number().int().positive() }).strict();

/** The position after a page's last event, as an opaque token bound to the sort order. */
export function encodeCursor(position: PagePosition, order: 'asc' | 'desc'): string {
  return Buffer.from(JSON.stringify({ v: 1, o: order, t: position.ts, r: position.rowid })).toString('base64url');
}

export function decodeCursor(cursor: string, order: 'asc' | 'desc'): PagePosition {
  let parsed: z.infer<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError('E_VALIDATION', 'cursor: not a cursor of this API (use the `next` value of the previous page)');
  }
  if (parsed.o !== order) throw new ApiError('E_VALIDATION', `cursor: it continues a ${parsed.o} listing; ask with order=${parsed.o}`);
  return { ts: parsed.t, rowid: parsed.r };
}

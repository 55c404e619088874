import type { RecordError } from '../ingest/read.ts';
import type { InputSource } from '../ingest/sources.ts';
import { errorMessage } from '../util/errors.ts';
import { parseSource, type ParseRowsOptions } from './parse-inline.ts';
import type { ParseOutput } from './parse-protocol.ts';
import type { ParseThread } from './parse-thread.ts';

/** A file's parse outputs, and the point where a file the parse thread could not finish starts over inline. */
export type ParseStep = ParseOutput | { kind: 'restart'; reason: string };

/**
 * Parses `source` on `thread`. Should the thread die before the file's end (out of memory, killed) and the
 * source be one that reads the same bytes again, the file starts over inline from its first byte: no event
 * of it is lost. The rows the thread gave were written and come again with the same ids, so the store adds
 * nothing twice; the consumer (ingestSource) keeps them out of the duplicates it reports. A read error of the
 * source itself is not the thread's failure: it ends the file, as it does inline.
 */
export async function* parseOnThread(
  thread: ParseThread, source: InputSource, options: ParseRowsOptions, onError: (error: RecordError) => void,
): AsyncGenerator<ParseStep> {
  try {
    yield* thread.parse(source, options, onError);
    return;
  } catch (error) {
    if (!thread.broken || source.reopenable !== true) throw error;
    yield { kind: 'restart', reason: errorMessage(error) };
  }
  yield* parseSource(source, options, onError);
}

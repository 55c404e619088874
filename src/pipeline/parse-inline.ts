import type { RecordError } from '../ingest/read.ts';
import type { InputSource } from '../ingest/sources.ts';
import { toRow } from '../store/rows.ts';
import { errorMessage } from '../util/errors.ts';
import { sourceEvents, type NormaliseOptions } from './events.ts';
import { ROWS_PER_MESSAGE, type ParseOutput } from './parse-protocol.ts';

/**
 * Read + parse + normalise one source, as rows for the store. The same generator runs inline (one
 * thread) or inside the parse thread (parse-worker.ts), so both paths behave alike.
 */
export async function* parseSource(source: InputSource, options: NormaliseOptions, onError: (error: RecordError) => void): AsyncGenerator<ParseOutput> {
  const { reading, batches } = await sourceEvents(source, options, onError);
  yield { kind: 'detected', format: reading.format?.id, score: reading.score, problem: reading.problem };
  if (reading.problem !== undefined) return;
  let failure: Error | undefined;
  try {
    for await (const events of batches) {
      for (let i = 0; i < events.length; i += ROWS_PER_MESSAGE) {
        yield { kind: 'rows', rows: events.slice(i, i + ROWS_PER_MESSAGE).map(toRow) };
      }
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(errorMessage(error));
  }
  // Counters are final even when the input failed part-way; the failure is raised after them.
  yield { kind: 'done', counters: { ...reading.counters } };
  if (failure !== undefined) throw failure;
}

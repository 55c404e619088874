import type { RecordError } from '../ingest/read.ts';
import type { InputSource } from '../ingest/sources.ts';
import { TemplateKeyer } from '../assist/retrieve/templates.ts';
import { toRow, type EventRow } from '../store/rows.ts';
import { errorMessage } from '../util/errors.ts';
import { sourceEvents, type NormaliseOptions } from './events.ts';
import { ROWS_PER_MESSAGE, type ParseOutput, type RowTemplates } from './parse-protocol.ts';

export interface ParseRowsOptions extends NormaliseOptions {
  /**
   * Key the rows' message templates (for the vector index; see TemplateKeyer): always, or for each message of
   * rows the function says yes to (rows without keys are templated by the writer).
   */
  templateKeys?: boolean | (() => boolean);
}

/**
 * Read + parse + normalise one source, as rows for the store. The same generator runs inline (one
 * thread) or inside the parse thread (parse-worker.ts), so both paths behave alike.
 */
export async function* parseSource(source: InputSource, options: ParseRowsOptions, onError: (error: RecordError) => void): AsyncGenerator<ParseOutput> {
  const { reading, batches } = await sourceEvents(source, options, onError);
  const keying = options.templateKeys ?? false;
  const keyer = keying === false ? undefined : new TemplateKeyer();
  yield { kind: 'detected', format: reading.format?.id, score: reading.score, container: reading.container, problem: reading.problem };
  if (reading.problem !== undefined) return;
  let failure: Error | undefined;
  try {
    for await (const events of batches) {
      for (let i = 0; i < events.length; i += ROWS_PER_MESSAGE) {
        const rows = events.slice(i, i + ROWS_PER_MESSAGE).map(toRow);
        const keyed = keyer !== undefined && (keying === true || (typeof keying === 'function' && keying()));
        yield keyed ? { kind: 'rows', rows, templates: keyTemplates(keyer, rows) } : { kind: 'rows', rows };
      }
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(errorMessage(error));
  }
  // Counters are final even when the input failed part-way; the failure is raised after them.
  yield { kind: 'done', counters: { ...reading.counters } };
  if (failure !== undefined) throw failure;
}

function keyTemplates(keyer: TemplateKeyer, rows: readonly EventRow[]): RowTemplates {
  const keys = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) keys[i] = keyer.keyOf(rows[i]!);
  return { keys, texts: keyer.takeNew() };
}

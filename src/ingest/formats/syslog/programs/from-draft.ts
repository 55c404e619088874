import type { Draft } from '../../../format.ts';
import type { ProgramDecoder } from '../types.ts';

/**
 * A program decoder from a line format's reader of the same messages (`draft` gives a draft, or a reason string
 * for a message it does not read): the program's syslog lines are read as its own log file's lines are.
 */
export function draftDecoder(programs: readonly string[], dataset: string, draft: (message: string) => Draft | string): ProgramDecoder {
  return {
    programs,
    dataset: () => dataset,
    decode: ({ message }) => {
      const read = draft(message);
      return typeof read === 'string' ? undefined : { fields: read.fields, dataset: read.dataset };
    },
  };
}

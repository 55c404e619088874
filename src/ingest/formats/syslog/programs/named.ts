import { bindDraft } from '../../bind9.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/** BIND's messages about clients sent to syslog (queries, refused queries, transfers and updates), read as bind9.ts reads its log file. */
function decode({ message }: DecodeInput): Decoded | undefined {
  const draft = bindDraft(message);
  return typeof draft === 'string' ? undefined : { fields: draft.fields, dataset: draft.dataset };
}

export const namedDecoder: ProgramDecoder = {
  programs: ['named'],
  dataset: () => 'bind9',
  decode,
};

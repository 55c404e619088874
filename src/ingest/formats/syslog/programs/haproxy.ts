import { haproxyDraft } from '../../haproxy.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/** HAProxy's HTTP and TCP logs and connection errors, sent to syslog as it does by default (haproxy.ts reads them). */
function decode({ message }: DecodeInput): Decoded | undefined {
  const draft = haproxyDraft(message);
  return typeof draft === 'string' ? undefined : { fields: draft.fields, dataset: draft.dataset };
}

export const haproxyDecoder: ProgramDecoder = {
  programs: ['haproxy'],
  dataset: () => 'haproxy',
  decode,
};

import { bindDraft } from '../../bind9.ts';
import { draftDecoder } from './from-draft.ts';

/** BIND's messages about clients sent to syslog (queries, refused queries, transfers and updates), read as bind9.ts reads its log file. */
export const namedDecoder = draftDecoder(['named'], 'bind9', bindDraft);

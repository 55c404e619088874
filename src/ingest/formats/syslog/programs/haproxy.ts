import { haproxyDraft } from '../../haproxy.ts';
import { draftDecoder } from './from-draft.ts';

/** HAProxy's HTTP and TCP logs and connection errors, sent to syslog as it does by default (haproxy.ts reads them). */
export const haproxyDecoder = draftDecoder(['haproxy'], 'haproxy', haproxyDraft);

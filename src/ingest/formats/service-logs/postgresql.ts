import { postgresDecoder, postgresFields, postgresLine } from '../services/database.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** PostgreSQL's server log with any `log_line_prefix`: `2021-09-28 09:22:18.536 UTC [147] 203.0.113.9 bob@postgres FATAL:  password authentication failed for user "bob"`. */
export const postgresqlFormat = defineServiceFormat({
  id: 'postgresql',
  title: 'PostgreSQL log',
  description: 'PostgreSQL\'s server log, whatever its log_line_prefix: failed and authorized connections (client, user, database), pg_hba.conf refusals',
  decoder: postgresDecoder,
  split: postgresLine,
  decode: postgresFields,
});

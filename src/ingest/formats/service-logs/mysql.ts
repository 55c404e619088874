import { mysqlDecoder, mysqlFields, mysqlLine } from '../services/database.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** MySQL's and MariaDB's error log and general query log: `2021-10-28T08:06:45.411498Z 25 [Note] [MY-010926] [Server] Access denied for user …`. */
export const mysqlFormat = defineServiceFormat({
  id: 'mysql',
  title: 'MySQL / MariaDB log',
  description: 'MySQL\'s and MariaDB\'s error log (all versions\' layouts) and general query log: refused and accepted logins, aborted connections, blocked hosts',
  decoder: mysqlDecoder,
  split: mysqlLine,
  decode: mysqlFields,
  logsources: [{ product: 'linux', service: 'mysql' }, { category: 'authentication' }],
});

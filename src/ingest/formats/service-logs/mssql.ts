import { mssqlDecoder, mssqlLine } from '../services/database.ts';
import { defineServiceFormat } from '../services/define-format.ts';

/** Microsoft SQL Server's ERRORLOG: `2022-12-20 12:36:54.17 Logon       Login failed for user 'sa'. Reason: … [CLIENT: 203.0.113.9]`. */
export const mssqlFormat = defineServiceFormat({
  id: 'mssql',
  title: 'SQL Server ERRORLOG',
  description: 'Microsoft SQL Server\'s ERRORLOG (Windows or Linux, UTF-16 or UTF-8): failed and successful logins with the client address, error numbers',
  decoder: mssqlDecoder,
  split: mssqlLine,
  logsources: [{ product: 'windows', service: 'mssql' }, { category: 'authentication' }],
});

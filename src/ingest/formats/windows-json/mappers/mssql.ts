import { mssqlDecoder } from '../../services/database.ts';
import { field } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/**
 * SQL Server's logins in the Windows Application log (providers `MSSQLSERVER`, `MSSQL$<instance>`): 18456 a failed
 * login, 18453/18454/18455 a successful one. The rendered message is ERRORLOG's own text (`Login failed for user 'sa'.
 * Reason: … [CLIENT: 203.0.113.9]`); an EVTX record carries only its inserts (`param1` the user, `param2` the reason
 * or the authentication, `param3` the client), put back into that text. Either is read by the ERRORLOG reader, so
 * the user, the client address and the reason are the same whichever form SQL Server's logins come in.
 */

function loginText(eventId: number, data: Data): string | undefined {
  const user = field(data, 'param1');
  if (user === undefined) return undefined;
  const second = data['param2'] ?? '';
  const client = data['param3'] ?? '';
  return eventId === 18456 ? `Login failed for user '${user}'.${second}${client}` : `Login succeeded for user '${user}'. Connection made using ${second.trim()} authentication.${client}`;
}

const login: Mapper = (data, record) => {
  const text = record.message ?? loginText(record.eventId, data);
  return (text === undefined ? undefined : mssqlDecoder.decode(text)) ?? {};
};

export const MSSQL_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [18456, login],
  [18453, login],
  [18454, login],
  [18455, login],
];

import { defineFormat, events, isObject, reject, sniffByShare, type FormatParser, type ParserContext, type RawRecord } from '../format.ts';
import { setOwn, str } from '../values.ts';
import { labelValue } from './aliases/resolve.ts';
import { syslogFormat, toDraft } from './syslog/index.ts';
import { FileMemory } from './syslog/memory.ts';
import type { SyslogHeader } from './syslog/types.ts';

/**
 * Microsoft Sentinel's (Log Analytics') `Syslog` table, as its API, the Logs blade and `az monitor log-analytics
 * query` give its rows in JSON: where a Linux machine's sshd, sudo, su, PAM and kernel firewall lines end up once the
 * Azure Monitor Agent collects them. Each row is read as the syslog line it stands for: `ProcessName` is the program
 * whose decoder reads `SyslogMessage`, `HostName` (else `Computer`) the host, `ProcessID` the pid, `TimeGenerated` (UTC)
 * the time; facility, severity and the table's other columns are labels.
 */

/** Columns that become the header (or say only where the row was stored). */
const MAPPED = new Set(['TimeGenerated', 'SyslogMessage', 'ProcessName', 'ProcessID', 'HostName', 'Computer', 'Type', 'TenantId', 'SourceSystem', 'MG']);

function isSyslogRow(value: Record<string, unknown>): boolean {
  return typeof value.SyslogMessage === 'string' && value.TimeGenerated !== undefined && (value.Type === 'Syslog' || value.Facility !== undefined);
}

function headerOf(row: Record<string, unknown>): SyslogHeader {
  const labels: Record<string, string> = {};
  let count = 0;
  for (const key in row) {
    if (!Object.hasOwn(row, key) || MAPPED.has(key) || key.startsWith('_') || ++count > 200) continue;
    const value = labelValue(row[key]);
    if (value === undefined) continue;
    // Facility and severity under the names the syslog reader gives them.
    if (key === 'Facility') setOwn(labels, 'syslog.facility', value);
    else if (key === 'SeverityLevel') setOwn(labels, 'syslog.severity', value);
    else setOwn(labels, key, value);
  }
  const header: SyslogHeader = { message: (typeof row.SyslogMessage === 'string' ? row.SyslogMessage : '').trim(), labels };
  const time = str(row.TimeGenerated) ?? str(row.EventTime);
  if (time !== undefined) header.time = time;
  const host = str(row.HostName) ?? str(row.Computer);
  if (host !== undefined) header.host = host;
  const program = str(row.ProcessName);
  if (program !== undefined) header.program = program;
  const pid = str(row.ProcessID);
  if (pid !== undefined && /^\d{1,9}$/.test(pid)) header.pid = Number(pid);
  return header;
}

function createParser(ctx: ParserContext): FormatParser {
  const memory = new FileMemory();
  return {
    parse(record: RawRecord) {
      const value = record.value;
      if (!isObject(value) || !isSyslogRow(value)) return reject("not a row of Sentinel's Syslog table (TimeGenerated, SyslogMessage)");
      return events(toDraft(headerOf(value), memory, ctx.mapping));
    },
  };
}

export const sentinelSyslogFormat = defineFormat({
  id: 'sentinel-syslog',
  title: "Microsoft Sentinel's Syslog table",
  description: "Rows of Sentinel's (Log Analytics') Syslog table in JSON, each read as the syslog line it stands for (sshd, sudo, su, PAM, the kernel's firewall lines …)",
  framing: 'json',
  sniff: sniffByShare(isSyslogRow, 0, 0.95),
  createParser,
  logsources: syslogFormat.logsources,
});

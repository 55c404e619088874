import type { FieldGetter } from '../../types.ts';
import { first, label, path } from '../read.ts';
import { auditField, auditNames, auditRecordTypes, auditSocket, connectInitiated } from './auditd.ts';
import { parentImage, processImage, runAsUser } from './derived.ts';
import { ecsEntries, taxonomy, type Taxonomy } from './taxonomy.ts';

/**
 * Linux names. Sigma's Linux categories use Sysmon for Linux's names (`Image`, `CommandLine`…); our
 * Linux process events come from Sysmon for Linux itself, auditd (execve), sudo and cron lines, and generic EDR records.
 * `service: auditd` rules use the audit record's own keys (`type`, `a0`, `SYSCALL`, `exe`…), read from
 * the original records; the syslog services use the names of the programs' own messages.
 */

export const LINUX_PROCESS: Taxonomy = taxonomy('linux-process', {
  Image: { other: processImage },
  CommandLine: { other: path('process.command_line') },
  ParentImage: { other: parentImage },
  ParentCommandLine: { other: path('process.parent.command_line') },
  CurrentDirectory: { other: path('process.working_directory') },
  User: { other: runAsUser },
  LogonId: { audit: label('auid'), other: path('winlog.logon.id') },
  ProcessId: { other: path('process.pid') },
  ParentProcessId: { other: path('process.parent.pid') },
  ProcessGuid: { other: path('process.entity_id') },
  TargetFilename: { other: path('file.path') },
  DestinationIp: { audit: auditSocket('ip'), other: path('destination.ip') },
  DestinationPort: { audit: auditSocket('port'), other: path('destination.port') },
  DestinationHostname: { other: path('destination.domain') },
  SourceIp: { other: path('source.ip') },
  SourcePort: { other: path('source.port') },
  Protocol: { other: path('network.transport') },
  // Sysmon for Linux's network connections say it themselves.
  Initiated: { audit: connectInitiated, other: path('winlog.event_data.Initiated') },
});

const tty: FieldGetter = first(label('sudo.tty'), label('su.tty'), label('pam.tty'));

/** sudo's `USER=… ; COMMAND=…` line and the PAM `key=value` list (`rhost=`, `ruser=`, `tty=`). */
export const LINUX_SYSLOG: Taxonomy = taxonomy(
  'linux-syslog',
  ecsEntries({
    USER: path('user.target.name'),
    COMMAND: path('process.command_line'),
    PWD: path('process.working_directory'),
    TTY: tty,
    tty,
    user: path('user.name'),
    ruser: label('pam.ruser'),
    rhost: first(path('source.ip'), path('source.domain')),
  }),
);

/**
 * auditd keys (case matters: `SYSCALL` is the enriched name, `syscall` the number). Any key not listed
 * is read from the original records by the raw fallback; these need more than one record.
 */
export const AUDITD: Taxonomy = taxonomy(
  'auditd',
  {
    type: { audit: auditRecordTypes },
    name: { audit: auditNames },
    SYSCALL: { audit: first(auditField('SYSCALL'), label('syscall_name')) },
    key: { audit: first(label('key'), auditField('key')) },
  },
  true,
);

import { str } from '../../../values.ts';
import { field, labelsFrom, subjectUser } from './helpers.ts';
import type { Data, Mapper } from './types.ts';
import type { WinRecord } from '../record.ts';

/** 4697: a service was installed (the Security-log twin of System 7045). */
const serviceInstalled: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['creation'], action: 'service-installed', outcome: 'success' },
  user: subjectUser(data),
  service: { name: field(data, 'ServiceName') },
  winlog: { logon: { id: field(data, 'SubjectLogonId') } },
  labels: labelsFrom(data, {
    service_file_name: 'ServiceFileName',
    service_type: 'ServiceType',
    service_start_type: 'ServiceStartType',
    service_account: 'ServiceAccount',
  }),
});

const TASK_COMMAND = /<Command>([^<]*)<\/Command>/;
const TASK_ARGUMENTS = /<Arguments>([^<]*)<\/Arguments>/;
const XML_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['&amp;', '&'],
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&quot;', '"'],
  ['&apos;', "'"],
]);
const XML_ENTITY = /&(?:amp|lt|gt|quot|apos);/g;

function unescapeXml(value: string): string {
  return value.replace(XML_ENTITY, (entity) => XML_ENTITIES.get(entity) ?? entity);
}

/** The first `<Exec>` action of a task definition as one command line. */
function taskCommand(content: string | undefined): string | undefined {
  if (content === undefined) return undefined;
  const command = TASK_COMMAND.exec(content)?.[1]?.trim();
  if (command === undefined || command === '') return undefined;
  const args = TASK_ARGUMENTS.exec(content)?.[1]?.trim();
  return unescapeXml(args === undefined || args === '' ? command : `${command} ${args}`);
}

function taskLabels(data: Data): Record<string, string> {
  const content = field(data, 'TaskContent') ?? field(data, 'TaskContentNew');
  const labels = labelsFrom(data, { task_name: 'TaskName' });
  if (content !== undefined) labels['task_content'] = content;
  const command = taskCommand(content);
  if (command !== undefined) labels['task_command'] = command;
  return labels;
}

/** 4698-4702: scheduled task registered, deleted, enabled, disabled, updated. */
function taskMapper(action: string, type: string): Mapper {
  return (data) => ({
    event: { category: ['configuration'], type: [type], action, outcome: 'success' },
    user: subjectUser(data),
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: taskLabels(data),
  });
}

const ACCOUNT_NAME = /Account Name:\s*([^\r\n]+)/;
const DOMAIN_NAME = /Domain Name:\s*([^\r\n]+)/;

/** 1102/104: the log was cleared; exports without UserData still carry the account in the message. */
function logClearedUser(data: Data, record: WinRecord): { name?: string; domain?: string; id?: string } {
  const subject = subjectUser(data);
  if (subject.name !== undefined) return subject;
  const message = record.message ?? '';
  return { name: str(ACCOUNT_NAME.exec(message)?.[1]), domain: str(DOMAIN_NAME.exec(message)?.[1]) };
}

export const logCleared: Mapper = (data, record) => ({
  event: { category: ['configuration'], type: ['deletion'], action: 'log-cleared', outcome: 'success' },
  user: logClearedUser(data, record),
  labels: labelsFrom(data, { log_name: 'Channel', backup_path: 'BackupPath' }),
});

export const SECURITY_CONFIG_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [1102, logCleared],
  [4697, serviceInstalled],
  [4698, taskMapper('scheduled-task-created', 'creation')],
  [4699, taskMapper('scheduled-task-deleted', 'deletion')],
  [4700, taskMapper('scheduled-task-enabled', 'change')],
  [4701, taskMapper('scheduled-task-disabled', 'change')],
  [4702, taskMapper('scheduled-task-updated', 'change')],
];

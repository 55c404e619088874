import { field, labelsFrom, oneLine, sid, subjectUser, targetUser, workstation } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/** `%%1793` is Windows' "<value not set>". */
const NOT_SET = '%%1793';

function accountLabels(data: Data): Record<string, string> {
  const labels = labelsFrom(data, { sam_account_name: 'SamAccountName', user_principal_name: 'UserPrincipalName' });
  const displayName = field(data, 'DisplayName');
  if (displayName !== undefined && displayName !== NOT_SET) labels['display_name'] = displayName;
  const uac = oneLine(field(data, 'UserAccountControl'));
  if (uac !== undefined) labels['uac_change'] = uac;
  return labels;
}

/** Account management: the subject is the administrator, the target the account changed. */
function accountMapper(action: string, type: readonly string[]): Mapper {
  return (data) => ({
    event: { category: ['iam'], type: [...type], action, outcome: 'success' },
    user: { ...subjectUser(data), target: targetUser(data) },
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: accountLabels(data),
  });
}

/** 4740: `TargetDomainName` holds the caller computer the failed attempts came from. */
const lockedOut: Mapper = (data) => ({
  event: { category: ['iam'], type: ['user', 'change'], action: 'user-locked-out', outcome: 'success' },
  user: {
    ...subjectUser(data),
    target: { name: field(data, 'TargetUserName'), id: sid(data, 'TargetSid') ?? sid(data, 'TargetUserSid') },
  },
  source: { domain: workstation(field(data, 'TargetDomainName')) },
  labels: labelsFrom(data, { caller_computer: 'TargetDomainName' }),
});

/** 4728/4732/4756 and removals: `Member*` is the account, `Target*` the group. */
function groupMemberMapper(action: string): Mapper {
  return (data) => ({
    event: { category: ['iam'], type: ['group', 'change'], action, outcome: 'success' },
    user: {
      ...subjectUser(data),
      target: { name: field(data, 'MemberName'), id: sid(data, 'MemberSid') },
      group: { name: field(data, 'TargetUserName'), id: sid(data, 'TargetSid') },
    },
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: labelsFrom(data, { group_domain: 'TargetDomainName' }),
  });
}

const USER_CHANGE = ['user', 'change'];

export const ACCOUNT_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4720, accountMapper('user-created', ['user', 'creation'])],
  [4722, accountMapper('user-enabled', USER_CHANGE)],
  [4723, accountMapper('password-change', USER_CHANGE)],
  [4724, accountMapper('password-reset', USER_CHANGE)],
  [4725, accountMapper('user-disabled', USER_CHANGE)],
  [4726, accountMapper('user-deleted', ['user', 'deletion'])],
  [4738, accountMapper('user-changed', USER_CHANGE)],
  [4740, lockedOut],
  [4728, groupMemberMapper('group-member-added')],
  [4732, groupMemberMapper('group-member-added')],
  [4756, groupMemberMapper('group-member-added')],
  [4729, groupMemberMapper('group-member-removed')],
  [4733, groupMemberMapper('group-member-removed')],
  [4757, groupMemberMapper('group-member-removed')],
];

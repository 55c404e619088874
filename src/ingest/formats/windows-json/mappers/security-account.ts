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

/** 4727/4731/4754 created, 4735/4737/4755 changed, 4730/4734/4758 deleted: the group is `Target*`. */
function groupMapper(action: string, type: string): Mapper {
  return (data) => ({
    event: { category: ['iam'], type: ['group', type], action, outcome: 'success' },
    user: { ...subjectUser(data), group: { name: field(data, 'TargetUserName'), id: sid(data, 'TargetSid') } },
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: labelsFrom(data, { group_domain: 'TargetDomainName', sam_account_name: 'SamAccountName' }),
  });
}

/** 4781: the account's name changed; the new name is the target's. */
const renamed: Mapper = (data) => ({
  event: { category: ['iam'], type: ['user', 'change'], action: 'user-renamed', outcome: 'success' },
  user: { ...subjectUser(data), target: { name: field(data, 'NewTargetUserName'), domain: field(data, 'TargetDomainName'), id: sid(data, 'TargetSid') } },
  winlog: { logon: { id: field(data, 'SubjectLogonId') } },
  labels: labelsFrom(data, { old_name: 'OldTargetUserName' }),
});

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
  [4767, accountMapper('user-unlocked', USER_CHANGE)],
  [4781, renamed],
  [4741, accountMapper('computer-account-created', ['user', 'creation'])],
  [4742, accountMapper('computer-account-changed', USER_CHANGE)],
  [4743, accountMapper('computer-account-deleted', ['user', 'deletion'])],
  [4727, groupMapper('group-created', 'creation')],
  [4731, groupMapper('group-created', 'creation')],
  [4754, groupMapper('group-created', 'creation')],
  [4735, groupMapper('group-changed', 'change')],
  [4737, groupMapper('group-changed', 'change')],
  [4755, groupMapper('group-changed', 'change')],
  [4730, groupMapper('group-deleted', 'deletion')],
  [4734, groupMapper('group-deleted', 'deletion')],
  [4758, groupMapper('group-deleted', 'deletion')],
  [4728, groupMemberMapper('group-member-added')],
  [4732, groupMemberMapper('group-member-added')],
  [4756, groupMemberMapper('group-member-added')],
  [4729, groupMemberMapper('group-member-removed')],
  [4733, groupMemberMapper('group-member-removed')],
  [4757, groupMemberMapper('group-member-removed')],
];

import type { EventFields } from '../../../../schema/event.ts';
import { decodePam, pamLine } from '../pam.ts';
import type { Rule } from '../rules.ts';
import { runRules } from '../rules.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { keyValues, labelsOf } from '../util.ts';

/**
 * Account management (shadow-utils): useradd, groupadd, usermod, userdel, groupdel, groupmod, passwd,
 * chpasswd, gpasswd, chage. ECS IAM convention: `user.target` is the account acted upon, `user.name` the
 * actor when the line names one. The `/etc/gshadow` and `shadow group` echoes of a change carry no action,
 * so one change counts once.
 */

function iam(type: string[], action?: string): EventFields['event'] {
  return { category: ['iam'], type, action, outcome: action === undefined ? undefined : 'success' };
}

/** `name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0` */
const listed = (text: string | undefined) => keyValues(text ?? '', /,\s*/);

const Q = "'([^']*)'";
const RULES: readonly Rule[] = [
  {
    prefix: 'new user: ',
    re: /^new user: (.*)$/s,
    build: ([, list]) => {
      const kv = listed(list);
      return {
        event: iam(['user', 'creation'], 'user-created'),
        user: { target: { name: kv.name, id: kv.UID }, group: { id: kv.GID } },
        labels: labelsOf({ 'iam.home': kv.home, 'iam.shell': kv.shell, 'iam.from': kv.from }),
      };
    },
  },
  {
    prefix: 'new group: ',
    re: /^new group: (.*)$/s,
    build: ([, list]) => {
      const kv = listed(list);
      return { event: iam(['group', 'creation'], 'group-created'), user: { group: { name: kv.name, id: kv.GID } } };
    },
  },
  {
    prefix: 'group added to ',
    re: /^group added to (\S+): (.*)$/s,
    build: ([, file, list]) => {
      const kv = listed(list);
      return { event: iam(['group', 'creation']), user: { group: { name: kv.name, id: kv.GID } }, labels: labelsOf({ 'iam.file': file }) };
    },
  },
  {
    prefix: 'add ',
    re: new RegExp(`^add ${Q} to (shadow )?group ${Q}$`),
    build: ([, user, shadow, group]) => ({
      event: iam(['group', 'change'], shadow === undefined ? 'group-member-added' : undefined),
      user: { target: { name: user }, group: { name: group } },
    }),
  },
  {
    prefix: 'user ',
    re: /^user (\S+) (added|removed) by (\S+) (?:to|from) group (\S+)$/,
    build: ([, user, verb, actor, group]) => ({
      event: iam(['group', 'change'], verb === 'added' ? 'group-member-added' : 'group-member-removed'),
      user: { name: actor, target: { name: user }, group: { name: group } },
    }),
  },
  {
    prefix: 'delete ',
    re: new RegExp(`^delete ${Q} from (shadow )?group ${Q}$`),
    build: ([, user, shadow, group]) => ({
      event: iam(['group', 'change'], shadow === undefined ? 'group-member-removed' : undefined),
      user: { target: { name: user }, group: { name: group } },
    }),
  },
  {
    prefix: 'delete user ',
    re: new RegExp(`^delete user ${Q}$`),
    build: ([, user]) => ({ event: iam(['user', 'deletion'], 'user-deleted'), user: { target: { name: user } } }),
  },
  {
    prefix: 'removed ',
    re: new RegExp(`^removed (shadow )?group ${Q} owned by ${Q}$`),
    build: ([, shadow, group]) => ({
      event: iam(['group', 'deletion'], shadow === undefined ? 'group-deleted' : undefined),
      user: { group: { name: group } },
    }),
  },
  {
    prefix: 'group ',
    re: new RegExp(`^group ${Q} removed( from \\S+)?$`),
    build: ([, group, file]) => ({
      event: iam(['group', 'deletion'], file === undefined ? 'group-deleted' : undefined),
      user: { group: { name: group } },
    }),
  },
  {
    prefix: 'password for ',
    re: new RegExp(`^password for ${Q} changed by ${Q}$`),
    build: ([, user, actor]) => ({
      event: iam(['user', 'change'], 'password-changed'),
      user: { name: actor, target: { name: user } },
    }),
  },
  {
    prefix: 'change user ',
    re: new RegExp(`^change user (?:${Q} (\\w+) from ${Q} to ${Q}|name ${Q} to ${Q})$`),
    build: ([, user, attribute, from, to, oldName, newName]) => ({
      event: iam(['user', 'change'], 'user-modified'),
      user: { target: { name: user ?? oldName } },
      labels: labelsOf({ 'iam.attribute': attribute ?? 'name', 'iam.old': from ?? oldName, 'iam.new': to ?? newName }),
    }),
  },
  {
    prefix: '',
    re: new RegExp(`^(lock|unlock) user ${Q} password$`),
    build: ([, verb, user]) => ({ event: iam(['user', 'change'], `user-${verb ?? 'lock'}ed`), user: { target: { name: user } } }),
  },
];

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const pam = pamLine(message, header);
  if (pam !== undefined) return { fields: decodePam(pam, 'login') };
  const fields = runRules(RULES, message);
  return fields === undefined ? undefined : { fields };
}

export const shadowUtilsDecoder: ProgramDecoder = {
  programs: ['useradd', 'groupadd', 'usermod', 'userdel', 'groupdel', 'groupmod', 'passwd', 'chpasswd', 'gpasswd', 'chage'],
  dataset: (program) => program,
  decode,
};

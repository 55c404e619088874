import type { GuidanceTable } from '../types.ts';

/** Credential access and account abuse: brute force, valid accounts, dumping, account changes, sudo. */
export const CREDENTIAL_GUIDANCE: GuidanceTable = {
  T1110: {
    containment: [
      'Block {external_ip} at the perimeter firewall (or rate-limit it at the edge) for the duration of the investigation.',
      'If the attacked service on {host} need not face the internet, restrict it to the VPN or an address allow-list.',
    ],
    investigation: [
      'Check whether any login from {ip} succeeded after the failures (sshd "Accepted", Windows 4624 with the same source address); a success means a compromised account.',
      'List every account targeted from {ip} ({user}) and which of them exist; existing accounts that were targeted need a password review.',
      'Search VPN, web, mail and firewall logs for {ip} to scope the campaign beyond {host}.',
    ],
    mitigation: [
      'Require MFA for remote access and use key-only SSH (PasswordAuthentication no).',
      'Enforce account lockout or progressive delays (pam_faillock, fail2ban, the Windows account lockout policy).',
      'Disable direct root login over SSH (PermitRootLogin no) and rename or disable default administrator accounts.',
    ],
  },
  'T1110.001': {
    containment: ['Force a password change on the targeted accounts that exist ({user}); lock them only if they are not break-glass or service accounts.'],
    investigation: ['Compare the attempts per account with the lockout threshold: check whether lockout fired for {user} and whether the attacker paced attempts to stay below it.'],
    mitigation: ['Ban default and weak passwords (pam_pwquality, a banned-password list) so guessing cannot succeed.'],
  },
  'T1110.003': {
    containment: ['Force a password reset on every sprayed account ({user}) that logged on successfully in the same window, from any address.'],
    investigation: [
      'Check each sprayed account ({user}) for a successful logon in the same window, from {ip} or any other address.',
      'Look for the same pattern (one or two attempts per account, many accounts) from other addresses in the same period.',
    ],
    mitigation: [
      'Ban common and seasonal passwords (Season+Year, company name + digits) with a password filter.',
      'Alert when one source fails against many distinct accounts (for example 10 accounts within 10 minutes).',
    ],
  },
  'T1110.004': {
    containment: ['Force a password reset for every account in {user} that logged in successfully from {ip}.'],
    investigation: ['Check the targeted credentials against breach corpora (a k-anonymity Pwned Passwords lookup) to confirm password reuse.'],
    mitigation: ['Enable breached-password detection at login and require MFA on every externally reachable login.'],
  },
  T1078: {
    containment: [
      'Disable or lock the account ({user}) and revoke its sessions, SSH keys and tokens until the owner confirms the activity.',
      'Reset the password of {user} from a clean workstation and rotate every secret the account could read.',
    ],
    investigation: [
      'Review every logon by {user} over the last 30 days: source addresses, hosts and times outside the owner\'s normal pattern.',
      'Check what {user} did after logging on to {host}: new processes, sudo or runas use, new keys in ~/.ssh/authorized_keys, new scheduled jobs.',
    ],
    mitigation: [
      'Require MFA for {user} and for all remote and privileged access.',
      'Review the group memberships of the account ({user}) and remove the privileges it does not need.',
    ],
  },
  T1003: {
    containment: [
      'Isolate {host}: every credential cached on it must be treated as stolen.',
      'Reset the passwords of all accounts that logged on to {host} since the compromise ({user} first); if a domain controller is involved, reset krbtgt twice.',
    ],
    investigation: [
      'Identify the dumping tool and its output (mimikatz, procdump or comsvcs.dll MiniDump of lsass, ntdsutil, reg save) and whether the output left {host}.',
      'List the accounts with sessions on {host} (4624, 4672) to scope which credentials were exposed.',
    ],
    mitigation: [
      'Enable LSA protection (RunAsPPL) and Credential Guard; put privileged accounts in the Protected Users group.',
      'Alert on handles to lsass.exe from non-system processes (Sysmon 10) and enable the ASR rule blocking credential stealing from LSASS.',
    ],
  },
  'T1003.001': {
    investigation: ['Look on {host} for process access to lsass.exe with GrantedAccess 0x1010, 0x1410 or 0x1fffff, and for lsass dump files (*.dmp) in temporary folders.'],
  },
  'T1003.002': {
    containment: ['Treat every local account hash on {host} as exposed: rotate the local Administrator password (Windows LAPS).'],
    investigation: ['Look on {host} for "reg save HKLM\\SAM" or "HKLM\\SYSTEM", shadow-copy access and the resulting hive files.'],
    mitigation: ['Use unique local administrator passwords (Windows LAPS) so a SAM dump from one host opens no other.'],
  },
  T1098: {
    containment: ['Revert the change to the account ({user}): group membership, password, SSH keys, permissions; disable it if its owner did not make the change.'],
    investigation: ['List every change made to {user} and by whom (4738, 4728, 4732, 4756, authorized_keys edits), then review the account\'s activity after the change.'],
    mitigation: ['Alert on changes to privileged groups and to SSH authorized_keys files; review privileged group membership every month.'],
  },
  T1136: {
    containment: ['Disable the newly created account (among {user}) and remove it from every group, after recording its details.'],
    investigation: [
      'Identify who created the account, from where ({ip}) and on which host ({host}) (4720, useradd in auth.log), and whether it has been used to log on.',
      'Check whether the new account was added to a privileged group (4728, 4732, 4756; usermod -aG sudo or wheel).',
    ],
    mitigation: ['Alert on account creation outside the provisioning process and require a change ticket for local accounts on servers.'],
  },
  'T1548.003': {
    containment: ['Remove the sudoers change or revoke the sudo rights of {user} on {host} until reviewed.'],
    investigation: ['Review the sudo log on {host} (auth.log or the journal, COMMAND= entries) for what {user} ran as root, and any change to /etc/sudoers or /etc/sudoers.d.'],
    mitigation: ['Set timestamp_timeout=0, keep tty_tickets on, remove NOPASSWD entries that are not needed and monitor the sudoers files for changes.'],
  },
};

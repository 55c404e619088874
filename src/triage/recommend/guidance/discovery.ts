import type { GuidanceTable } from '../types.ts';

/** Discovery commands on a host: what matters is who ran them, from what, and what came next. */
export const DISCOVERY_GUIDANCE: GuidanceTable = {
  T1087: {
    containment: ['If the account ({user}) has no administrative reason to enumerate accounts, suspend its session on {host} and ask the owner.'],
    investigation: [
      'Review the commands {user} ran on {host} around the enumeration (net user /domain, Get-ADUser, whoami /all) and what followed.',
      'Check whether the enumeration came from an interactive session, a script, or a remote shell (its parent process).',
    ],
    mitigation: ['Alert on bursts of account enumeration by non-administrators and restrict remote SAM enumeration (RestrictRemoteSAM).'],
  },
  T1069: {
    investigation: ['Check which privileged groups were listed on {host} (Domain Admins, Enterprise Admins, local Administrators) and whether any membership changed afterwards.'],
    mitigation: ['Alert on privileged-group enumeration (net group "Domain Admins" /domain) from workstations.'],
  },
  T1082: {
    investigation: ['Look at what followed the system-information commands (systeminfo, hostname, uname -a) on {host}: discovery usually precedes a tool download or lateral movement.'],
  },
  T1016: {
    investigation: ['Review the network-discovery commands on {host} (ipconfig /all, route print, arp -a, netstat) and any connections to newly discovered addresses afterwards.'],
  },
  T1033: {
    investigation: ['Check the parent of whoami, quser or "query user" on {host}: a web server, an Office application or a service parent points to a foothold.'],
  },
  T1083: {
    investigation: ['Review which directories were listed on {host} (user profiles, shares, backups, credential stores) and whether file access or archiving followed.'],
  },
};

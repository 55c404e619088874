import type { GuidanceTable } from '../types.ts';

/** Defence evasion: log clearing and tampering with security tools or firewalls. */
export const EVASION_GUIDANCE: GuidanceTable = {
  'T1070.001': {
    containment: [
      'Preserve what remains: export the other logs of {host} and its forwarded copies (SIEM, WEF) before more is lost.',
      'Disable the account that cleared the log ({user}) if there was no approved change.',
    ],
    investigation: [
      'Identify who cleared which log (1102 for Security, 104 for others) and what happened on {host} just before the clearing.',
      'Reconstruct the removed events from forwarded logs.',
    ],
    mitigation: ['Forward event logs off-host in near real time, alert on 1102 and 104, and restrict the right to manage auditing and security logs.'],
  },
  'T1562.001': {
    containment: ['Re-enable the security tool on {host} and isolate the host: tampering usually comes right before the payload.'],
    investigation: ['Determine which protection was disabled (Defender real-time protection, exclusions, the EDR service, Sysmon) and by which process and account.'],
    mitigation: ['Turn on tamper protection and alert on Defender configuration changes (5001, 5007) and on stopped security agents.'],
  },
  'T1562.004': {
    containment: ['Restore the firewall configuration on {host} and remove the rules added during the incident.'],
    investigation: ['List the firewall changes on {host} (netsh advfirewall, iptables, ufw; events 4946 to 4950, 2004 to 2006) and what the new rules allowed in.'],
    mitigation: ['Manage host firewalls centrally (GPO, configuration management) and alert on local changes.'],
  },
};

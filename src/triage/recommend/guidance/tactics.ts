import type { Guidance, GuidanceTable } from '../types.ts';

/** By tactic shortname: for techniques without guidance of their own. */
export const TACTIC_GUIDANCE: GuidanceTable = {
  reconnaissance: {
    containment: ['Rate-limit or block {external_ip} if the probing continues.'],
    investigation: ['Check whether the reconnaissance from {ip} was followed by exploitation attempts against the services it probed.'],
    mitigation: ['Reduce what is visible from outside: close unused services and remove version banners.'],
  },
  'resource-development': {
    containment: ['Block the attacker infrastructure seen so far ({external_ip}) at the perimeter.'],
    investigation: ['Record the attacker infrastructure seen ({ip}, {dst}) and search all logs for it.'],
    mitigation: ['Feed the observed infrastructure into blocklists and threat-intelligence watchlists.'],
  },
  'initial-access': {
    containment: ['Block {external_ip} and take {host} off the network if the entry point may have been used.'],
    investigation: ['Establish how access was gained on {host} and which accounts and processes were involved.'],
    mitigation: ['Patch the entry point, require MFA on external access and reduce the exposed surface.'],
  },
  execution: {
    containment: ['Terminate the malicious process tree on {host} and quarantine its files.'],
    investigation: ['Reconstruct the process tree on {host} (parents, command lines, hashes) and what it wrote or connected to.'],
    mitigation: ['Enforce application control and block execution from user-writable directories.'],
  },
  persistence: {
    containment: ['Remove the persistence mechanism on {host} after preserving it.'],
    investigation: ['Enumerate all persistence locations on {host} (services, tasks, run keys, cron, authorized_keys) against a clean baseline.'],
    mitigation: ['Monitor persistence locations for changes and restrict who can create them.'],
  },
  'privilege-escalation': {
    containment: ['Revoke the elevated rights that {user} obtained on {host}.'],
    investigation: ['Determine how {user} gained higher privileges on {host} and what was done with them.'],
    mitigation: ['Remove standing administrative rights and patch local privilege-escalation vulnerabilities.'],
  },
  'defense-evasion': {
    containment: ['Restore the disabled or altered defences on {host} and preserve the evidence that remains.'],
    investigation: ['Find out which controls were evaded on {host} and look for activity hidden by the evasion.'],
    mitigation: ['Enable tamper protection and forward logs off-host so evasion is seen.'],
  },
  'credential-access': {
    containment: ['Reset the credentials of {user} and any account exposed on {host}.'],
    investigation: ['Determine which credentials were exposed on {host} and where they have been used since.'],
    mitigation: ['Require MFA and protect credential stores (LSA protection, Credential Guard, vaulting).'],
  },
  discovery: {
    containment: ['If {user} has no reason to run these commands on {host}, suspend the session and ask the owner before the attacker moves on.'],
    investigation: ['Discovery is an early step: find out how {user} got onto {host} and what followed the enumeration.'],
    mitigation: ['Alert on bursts of discovery commands by accounts that do not usually run them.'],
  },
  'lateral-movement': {
    containment: ['Isolate {internal_ip} and disable {user} until the movement is explained.'],
    investigation: ['Map every host reached by {user} from {ip} and check each for follow-on activity.'],
    mitigation: ['Segment the network and restrict administrative protocols to jump hosts.'],
  },
  collection: {
    containment: ['Block the movement of collected data off {host} (staging directories, archives, outbound transfers).'],
    investigation: ['Identify what data was gathered on {host} and whether it was staged or archived.'],
    mitigation: ['Restrict access to sensitive data stores and monitor bulk access.'],
  },
  'command-and-control': {
    containment: ['Block {dst} at the proxy and firewall and isolate {host}.'],
    investigation: ['Identify the process on {host} talking to {dst} and the period it has been doing so.'],
    mitigation: ['Force egress through an inspecting proxy and alert on beaconing.'],
  },
  exfiltration: {
    containment: ['Block the exfiltration destination ({dst}) and isolate {host}.'],
    investigation: ['Measure what left {host} (bytes, files, destinations) and assess the disclosure.'],
    mitigation: ['Apply egress filtering and data-loss prevention on sensitive systems.'],
  },
  impact: {
    containment: ['Isolate {host} immediately to limit the damage and protect backups from the same credentials.'],
    investigation: ['Determine the scope of the impact (encrypted, deleted or altered data, stopped services) and the earliest malicious activity.'],
    mitigation: ['Keep offline, tested backups and restrict destructive administrative actions.'],
  },
};

/** When an incident names no technique or tactic at all. */
export const DEFAULT_GUIDANCE: Guidance = {
  containment: ['Validate the alerts on {host} first; contain only what the evidence confirms.'],
  investigation: ['Review the evidence events of each alert and establish who ({user}, {ip}) did what on {host}.'],
  mitigation: ['Tag the rules that fired with ATT&CK techniques so that future incidents carry specific guidance.'],
};

import type { GuidanceTable } from '../types.ts';

/** Scanning, exposure and lateral movement. */
export const NETWORK_GUIDANCE: GuidanceTable = {
  T1046: {
    containment: [
      'Block {external_ip} at the perimeter.',
      'The scan came from inside ({internal_ip}): isolate that host until the scanning process is identified.',
    ],
    investigation: [
      'Determine which ports and hosts answered the scan from {ip} and whether any of them later received connections from the same address.',
      'For an internal scanner, identify the process that opened the connections (Sysmon 3, EDR telemetry) and whether it is an authorised tool.',
    ],
    mitigation: ['Close services that need not be reachable, and alert on one source touching many ports or hosts within minutes.'],
  },
  T1595: {
    containment: ['Block or rate-limit {external_ip} at the perimeter or the WAF.'],
    investigation: ['Check whether any scanned resource answered {ip} with data (HTTP 200 on sensitive paths, open ports).'],
    mitigation: ['Keep an inventory of internet-facing services, shrink it, and put web applications behind a WAF.'],
  },
  'T1595.002': {
    investigation: [
      'Identify the scanner from its user agent and request pattern, and list the vulnerabilities it probed for (CVE paths, exploit payloads).',
      'Confirm that the software on {host} is patched against what was probed.',
    ],
    mitigation: ['Patch the internet-facing applications on {host} promptly and follow the advisories of their components.'],
  },
  'T1595.003': {
    investigation: ['List the paths that returned 200, 401 or 403 to {ip}: they reveal content the scanner found (backups, .git, admin panels).'],
    mitigation: ['Remove backups, version-control directories (.git) and admin panels from public web roots, or restrict them by address.'],
  },
  T1190: {
    containment: [
      'Block {external_ip} at the WAF or perimeter.',
      'If exploitation may have succeeded, take {host} out of the load balancer and preserve its disk and memory.',
    ],
    investigation: [
      'Check the requests from {ip} for exploit payloads (injection, path traversal, template or deserialisation strings) and the server\'s responses (status, size).',
      'Look on {host} for signs of success: new files in the web root, the web server spawning shells, unexpected outbound connections.',
    ],
    mitigation: ['Patch the exposed application and its frameworks, add a WAF rule for the exploited pattern and run the web server with least privilege.'],
  },
  'T1505.003': {
    containment: ['Block access to the web shell path on {host} (or take the site offline), preserve the file, then remove it.'],
    investigation: [
      'Find the web shell (recent files in the web root, scripts using eval, exec or base64_decode) and every request to it, with source addresses.',
      'Review processes spawned by the web-server account (w3wp.exe, httpd, nginx, php-fpm) for command execution.',
    ],
    mitigation: ['Make the web root read-only for the web-server account, monitor it for new files and block script execution in upload directories.'],
  },
  T1021: {
    containment: [
      'Isolate {internal_ip}, the source of the remote sessions, until it has been examined.',
      'Disable the account ({user}) or remove its remote-logon rights on {host} until the activity is explained.',
    ],
    investigation: [
      'Map every host that {user} reached from {ip} in the window (4624 logon types 3 and 10, sshd "Accepted") to find the full lateral path.',
      'Determine how the credentials of {user} were obtained on the first host (dumping, reuse, keylogging).',
    ],
    mitigation: [
      'Restrict remote administration to jump hosts or privileged access workstations, and block workstation-to-workstation SMB, RDP and WinRM.',
      'Give every host a unique local administrator password (Windows LAPS) so one stolen hash does not open the next host.',
    ],
  },
  'T1021.002': {
    containment: ['Block SMB (445/tcp) from {internal_ip} at the host firewalls of the servers while investigating.'],
    investigation: [
      'List the files written to ADMIN$, C$ or IPC$ on {host} (5140, 5145) and hash any dropped executables.',
      'Check for a service created right after the share access (7045, 4697): the PsExec pattern.',
    ],
    mitigation: ['Disable administrative shares where they are not needed and deny network logon to local accounts ("Deny access to this computer from the network" for Local account).'],
  },
};

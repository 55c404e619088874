import type { GuidanceTable } from '../types.ts';

/** Execution, persistence and tool transfer on a host. */
export const EXECUTION_GUIDANCE: GuidanceTable = {
  'T1059.001': {
    containment: ['Kill the PowerShell process tree on {host} and block the URLs and addresses it contacted.'],
    investigation: [
      'Decode the -EncodedCommand payload (base64 of UTF-16LE text) and review what it downloads or runs.',
      'Pull the script-block (4104) and module (4103) logs from {host} for the full script text run by {user}.',
    ],
    mitigation: [
      'Enable PowerShell script-block and module logging and transcription; use Constrained Language Mode with WDAC for standard users.',
      'Remove PowerShell 2.0 (the MicrosoftWindowsPowerShellV2 feature) to prevent logging-free downgrade.',
    ],
  },
  'T1569.002': {
    containment: ['Stop and disable the service created on {host} after capturing its image path and the binary itself.'],
    investigation: [
      'Find the service installation events on {host} (7045, 4697): service name, image path and account; PSEXESVC or random eight-letter names are typical.',
      'Identify where the service creation came from ({ip}) and with which account ({user}).',
    ],
    mitigation: [
      'Alert on new services whose image path is in a user-writable or temporary directory or runs cmd.exe or powershell.exe.',
      'Limit who may create services remotely: remove standing local administrator rights and restrict Service Control Manager access.',
    ],
  },
  'T1543.003': {
    containment: ['Disable the new or modified service on {host} and quarantine its executable.'],
    investigation: [
      'Compare the service\'s ImagePath and ServiceDll registry values on {host} with a known-good host of the same build.',
      'Check the service account and start type: an auto-start service running as LocalSystem from an unusual path is persistence.',
    ],
    mitigation: ['Monitor HKLM\\SYSTEM\\CurrentControlSet\\Services for new keys and ImagePath changes, and enforce application control (WDAC or AppLocker) on service binaries.'],
  },
  'T1053.005': {
    containment: ['Disable the scheduled task on {host} and export its definition (schtasks /query /xml) before deleting it.'],
    investigation: [
      'Review task creation and update events on {host} (4698, 4702, TaskScheduler/Operational 106): author, action, trigger and run-as account.',
      'Collect the script or binary the task runs, especially from user-writable paths.',
    ],
    mitigation: ['Alert on tasks created remotely or running encoded PowerShell, and restrict task creation to administrators.'],
  },
  'T1547.001': {
    containment: ['Remove the Run/RunOnce value or Startup-folder item on {host} after saving the file it points to.'],
    investigation: [
      'Enumerate every autostart location on {host} (Sysinternals Autoruns) and compare with a clean host of the same build.',
      'Identify the process that wrote the run key (Sysmon 13) and trace its parent chain.',
    ],
    mitigation: ['Monitor the CurrentVersion\\Run* keys and Startup folders, and block execution from %AppData% and %Temp% with application control.'],
  },
  T1027: {
    containment: ['Quarantine the obfuscated script or file on {host} for analysis.'],
    investigation: [
      'De-obfuscate the content (base64, XOR, string concatenation, character codes) in a sandbox and extract its indicators (URLs, addresses, hashes).',
      'Search all hosts and proxy logs for the extracted indicators.',
    ],
    mitigation: ['Keep AMSI-integrated antimalware enabled and alert on encoded command lines (-enc, FromBase64String, certutil -decode).'],
  },
  T1218: {
    containment: ['Terminate the proxied process on {host} and block the remote content it loaded.'],
    investigation: ['Review the full command line of the signed binary and its parent: remote URLs, scriptlets or DLLs loaded from user-writable paths.'],
    mitigation: ['Block or alert on system binaries used as proxies (mshta, rundll32, regsvr32 with network paths) with WDAC/AppLocker and ASR rules.'],
  },
  'T1218.005': {
    investigation: ['Retrieve the HTA or inline script that mshta.exe ran on {host} (javascript: or vbscript: arguments, http URLs).'],
    mitigation: ['Block mshta.exe for users who do not need it (an AppLocker or WDAC deny rule).'],
  },
  'T1218.010': {
    investigation: ['Check regsvr32 on {host} for /i:http scriptlet loading (Squiblydoo) and collect the .sct file.'],
    mitigation: ['Block regsvr32.exe from making network connections at the host firewall.'],
  },
  'T1218.011': {
    investigation: ['Identify the DLL and export that rundll32 loaded on {host}; DLLs in %Temp% or %AppData% or exports by ordinal (#1) are suspicious.'],
    mitigation: ['Alert on rundll32.exe running without arguments or loading DLLs from user-writable paths.'],
  },
  T1105: {
    containment: [
      'Block the download source (the domains and addresses in the command line or proxy logs) at the proxy and firewall.',
      'Quarantine the downloaded file on {host}.',
    ],
    investigation: [
      'Hash the transferred file, check it against threat intelligence and look for the same hash on other hosts.',
      'Identify the process that downloaded it (certutil, bitsadmin, curl, wget, PowerShell) and its parent.',
    ],
    mitigation: ['Restrict outbound traffic from servers to an allow-list and send workstation web traffic through an inspecting proxy.'],
  },
  T1197: {
    containment: ['Cancel the BITS job on {host} (Get-BitsTransfer -AllUsers | Remove-BitsTransfer) after recording its URL and target file.'],
    investigation: ['Review Bits-Client/Operational events 59 and 60 on {host} for the job\'s remote URL and the file it wrote.'],
    mitigation: ['Alert on bitsadmin /transfer and /SetNotifyCmdLine, and limit BITS traffic to known update servers at the proxy.'],
  },
  T1071: {
    containment: ['Block the command-and-control destinations ({dst}) at the proxy and firewall, and isolate {host}.'],
    investigation: [
      'Review the traffic from {host} to {dst}: beacon interval, volume, user agents, TLS fingerprints (JA3/JA4) and DNS query patterns.',
      'Identify the process on {host} that generates the traffic.',
    ],
    mitigation: ['Force egress through an inspecting proxy, block uncategorised and newly registered domains, and alert on periodic beaconing.'],
  },
};

import type { AnalysisMode, Intent, PlanFilters, TimeScope } from '../../schema/assist.ts';
import { LOGIN_DESCRIPTION } from '../facts/vocabulary.ts';
import { describeTimeScope } from './time.ts';

/** The queries a plan runs, in words, for the analyst (forensic answers show them). */

const INTENT_STEPS: Readonly<Record<Intent, readonly string[]>> = {
  threats: [
    'Read the incidents of the latest analysis (detection rules + triage over every stored event), most severe first',
    'For each: severity, score, confidence, time span, entities, ATT&CK techniques and tactics, alert and event counts',
    'Count incidents by severity and the tactics they cover; without an analysis, summarise failed logins and failure outcomes instead',
  ],
  'suspicious-ips': [
    `Sum ${LOGIN_DESCRIPTION} per source IP over all matching events`,
    'Add every source IP of an incident; flag IPs of incidents with ATT&CK T1110 (brute force) techniques',
    'Per IP: attempts, first and last seen, accounts tried, successful logins and any success after failures, all its activity by dataset/action/outcome, incidents',
  ],
  'failed-logins': [
    `Count ${LOGIN_DESCRIPTION}`,
    'Break them down by source IP, by account (and which accounts do not exist), by target host',
    'Histogram per hour (per day beyond two weeks) and hour of day; sliding 10-minute windows per source IP for bursts of 10 or more',
    'Find successful logins that followed failures from the same source IP or for the same account',
  ],
  timeline: [
    'List the alerts of the latest analysis in time order, each with its incident, rule, entities and occurrence count',
    'Add notable events without alerts (accounts created or changed, logs cleared, services installed, lockouts) and successful logins after failures',
    'Count failed logins and other failure outcomes per hour for the activity curve',
  ],
  'most-critical': [
    'Rank the incidents of the latest analysis by severity, then score',
    'For the top incident: why it scored so (severity factors, confidence), its alerts and evidence events, ATT&CK techniques and tactics, recommended actions',
    'Recount the login activity of its source IPs and accounts over all stored events',
  ],
  'brute-force': [
    'Find incidents of the latest analysis with ATT&CK T1110 (brute force) techniques: their source IPs, accounts, hosts and evidence',
    `Recount ${LOGIN_DESCRIPTION} for those sources; check for successful logins after failures`,
    'Check every other source for 10 or more failed attempts within 10 minutes that no incident covers',
  ],
  external: [
    'Classify every source IP with failures, incidents or activity (public and documentation ranges count as external)',
    'Per external IP: what it did by dataset/action/outcome, failed logins and accounts tried, destination ports, incidents',
    'Summarise blocked and failed connections from external addresses (many sources with few events each) as background noise',
  ],
  entity: [
    'For each IP, account or host the question names: its events by dataset, action and outcome, first and last seen',
    'Who and what it dealt with: accounts, source IPs, hosts; failed and successful logins',
    'Incidents of the latest analysis naming it',
  ],
  software: [
    'Find every package installed, upgraded, downgraded or removed (Windows Installer, dpkg, apt, dnf, yum) within the filters',
    'Count them by change, host, account and packager; list the installs and removals, newest first, one per package and host, with version, account and command',
  ],
  free: [
    "Retrieve the events that best match the question's words (with the plan's filters)",
    'Group them by dataset, action and outcome, with the IPs, accounts and hosts they name',
  ],
};

const MODE_STEPS: Readonly<Record<AnalysisMode, readonly string[]>> = {
  basic: ['List up to 5 event ids per fact'],
  advanced: [
    'Correlate the entities of the answer across sources: the datasets and hosts each IP, account and host appears in, and their incidents',
    'Add ATT&CK context: technique names and tactics of the incidents involved',
    'List up to 20 event ids per fact',
  ],
  forensic: [
    'Correlate the entities across sources, with ATT&CK context (as in advanced)',
    'Reconstruct the full timeline of each entity involved, every event in time order, grouped into runs',
    "Collect investigative next steps from the incidents' recommendations and their ATT&CK techniques",
    'List every supporting event id (up to 5,000 per fact)',
  ],
};

export function planSteps(intent: Intent, mode: AnalysisMode, filters: PlanFilters, time: TimeScope | undefined): string[] {
  const scope: string[] = [];
  if (time !== undefined) scope.push(`Restrict to ${describeTimeScope(time)}`);
  if (filters.sourceIp !== undefined) scope.push(`Restrict to source IP ${filters.sourceIp}`);
  if (filters.user !== undefined) scope.push(`Restrict to account ${filters.user}`);
  if (filters.host !== undefined) scope.push(`Restrict to host ${filters.host}`);
  return [...scope, ...INTENT_STEPS[intent], ...MODE_STEPS[mode]];
}

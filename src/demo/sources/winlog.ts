import { isoStamp } from '../clock.ts';
import { fqdn, type WinHost } from '../world.ts';

/**
 * Windows events as Winlogbeat 8 writes them with its file/console output: ECS envelope plus
 * `winlog.*` (event_data / user_data as strings, exactly as the event log renders them).
 */

export type Channel = 'Security' | 'System' | 'Microsoft-Windows-Sysmon/Operational'
  | 'Microsoft-Windows-PowerShell/Operational';

export const PROVIDERS = {
  security: ['Microsoft-Windows-Security-Auditing', '{54849625-5478-4994-a5ba-3e3b0328c30d}'],
  sysmon: ['Microsoft-Windows-Sysmon', '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'],
  scm: ['Service Control Manager', '{555908d1-a6d7-4695-8e1e-26931d2012f4}'],
  eventlog: ['Microsoft-Windows-Eventlog', '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'],
  powershell: ['Microsoft-Windows-PowerShell', '{a0c1853b-5c40-4b15-8766-3cf1c58f985a}'],
} as const;
export type Provider = keyof typeof PROVIDERS;

export interface WinUser {
  identifier: string;
  name: string;
  domain: string;
  type: string;
}

export interface WinEvent {
  host: WinHost;
  channel: Channel;
  provider: Provider;
  eventId: number;
  task: string;
  message: string;
  /** Windows process/thread that logged the event (lsass for Security, Sysmon64, services…). */
  pid: number;
  tid: number;
  opcode?: string;
  keywords?: string[];
  level?: string;
  outcome?: 'success' | 'failure';
  data?: Record<string, string>;
  userData?: Record<string, string>;
  user?: WinUser;
}

export const SYSTEM_USER: WinUser = { identifier: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY', type: 'Well Known Group' };

const BEAT_VERSION = '8.15.3';

function agentId(host: WinHost): string {
  const p = host.guidPrefix;
  return `${p}-${p.slice(0, 4)}-4${p.slice(1, 4)}-8${p.slice(4, 7)}-${p}${p.slice(0, 4)}`;
}

function osOf(host: WinHost): Record<string, string> {
  return host.server
    ? { build: '20348.2849', family: 'windows', kernel: '10.0.20348.2849 (WinBuild.160101.0800)', name: 'Windows Server 2022 Standard', platform: 'windows', type: 'windows', version: '10.0' }
    : { build: '22631.4460', family: 'windows', kernel: '10.0.22621.4460 (WinBuild.160101.0800)', name: 'Windows 11 Enterprise', platform: 'windows', type: 'windows', version: '10.0' };
}

function winlog(ev: WinEvent, recordId: number): Record<string, unknown> {
  const [providerName, providerGuid] = PROVIDERS[ev.provider];
  const out: Record<string, unknown> = { api: 'wineventlog', channel: ev.channel, computer_name: fqdn(ev.host) };
  if (ev.data !== undefined) out['event_data'] = ev.data;
  out['event_id'] = String(ev.eventId);
  if (ev.keywords !== undefined) out['keywords'] = ev.keywords;
  out['opcode'] = ev.opcode ?? 'Info';
  out['process'] = { pid: ev.pid, thread: { id: ev.tid } };
  out['provider_guid'] = providerGuid;
  out['provider_name'] = providerName;
  out['record_id'] = String(recordId);
  out['task'] = ev.task;
  if (ev.user !== undefined) out['user'] = ev.user;
  if (ev.userData !== undefined) out['user_data'] = ev.userData;
  return out;
}

/** A renderer with per-host, per-channel record numbers (they only grow, as in a real event log). */
export function winlogbeatRenderer(): (entry: { t: number; p: WinEvent }) => string {
  const records = new Map<string, number>();
  return ({ t, p: ev }) => {
    const key = `${ev.host.name}|${ev.channel}`;
    const recordId = (records.get(key) ?? 1000 + (Number.parseInt(ev.host.guidPrefix.slice(0, 4), 16) % 90_000) * 7) + 1;
    records.set(key, recordId);
    const created = t + 400_000 + (recordId * 7919) % 2_600_000;
    const event: Record<string, unknown> = { action: ev.task, code: String(ev.eventId), created: isoStamp(created), kind: 'event' };
    if (ev.outcome !== undefined) event['outcome'] = ev.outcome;
    event['provider'] = PROVIDERS[ev.provider][0];
    const doc = {
      '@timestamp': isoStamp(t),
      '@metadata': { beat: 'winlogbeat', type: '_doc', version: BEAT_VERSION },
      agent: { ephemeral_id: agentId(ev.host).split('').reverse().join(''), id: agentId(ev.host), name: ev.host.name, type: 'winlogbeat', version: BEAT_VERSION },
      ecs: { version: '8.0.0' },
      event,
      host: { architecture: 'x86_64', hostname: ev.host.name, name: ev.host.name, os: osOf(ev.host) },
      log: { level: ev.level ?? 'information' },
      message: ev.message,
      winlog: winlog(ev, recordId),
    };
    return JSON.stringify(doc);
  };
}

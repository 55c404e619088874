import type { EventFields } from '../../../schema/event.ts';
import { ip } from '../../values.ts';
import type { Decoded } from './types.ts';
import { labelsOf } from './util.ts';

/**
 * Cisco IOS / IOS XE messages behind a syslog header: the device's sequence number takes the program's place,
 * then its own time and `%FACILITY-SEVERITY-MNEMONIC: text` (IOS XR: `%CATEGORY-GROUP-SEVERITY-MNEMONIC`) (`1234: *Nov 22 10:00:00.123 UTC: %SEC_LOGIN-5-
 * LOGIN_SUCCESS: Login Success [user: admin] [Source: 10.0.0.5] …`). Every such message gets its mnemonic as
 * event code; logins, logged CLI commands and configuration changes get who and from where.
 */

const IOS = /^(?:[*.]?[A-Z][a-z]{2} +\d{1,2} (?:\d{4} )?\d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [A-Z]{2,5})?: )?%([A-Z][A-Z0-9_]*(?:-[A-Z][A-Z0-9_]*)*)-([0-7])-([A-Z0-9_]+): (.*)$/s;
/** Read from the first `[user: ` (sticky: one attempt, whatever the text). */
const LOGIN = /\[user: ([^\]]*)\] \[Source: ([^\]]*)\]/y;
const LOGGED_COMMAND = /^User:(\S+)\s+logged command:(.*)$/s;
const CONFIGURED = /^Configured from (\S+) by (\S+)(?: on \S+)?(?: \(([^)]+)\))?/;

/** The program tag of an IOS message: its sequence number (or none). */
export function isIosTag(program: string | undefined): boolean {
  return program === undefined || /^\d+$/.test(program);
}

function specific(code: string, text: string): EventFields {
  if (code === 'SEC_LOGIN-5-LOGIN_SUCCESS' || code === 'SEC_LOGIN-4-LOGIN_FAILED') {
    LOGIN.lastIndex = Math.max(0, text.indexOf('[user: '));
    const m = LOGIN.exec(text);
    const ok = code.endsWith('SUCCESS');
    return {
      event: { category: ['authentication'], type: ['start'], action: ok ? 'device-login' : 'device-login-failed', outcome: ok ? 'success' : 'failure' },
      user: { name: m?.[1] || undefined },
      source: { ip: ip(m?.[2]) },
    };
  }
  if (code === 'PARSER-5-CFGLOG_LOGGEDCMD') {
    const m = LOGGED_COMMAND.exec(text);
    return { event: { category: ['process'], type: ['start'], action: 'cli-command' }, user: { name: m?.[1] }, process: { command_line: m?.[2]?.trim() } };
  }
  if (code === 'SYS-5-CONFIG_I') {
    const m = CONFIGURED.exec(text);
    return { event: { category: ['configuration'], type: ['change'], action: 'config-changed' }, user: { name: m?.[2] }, source: { ip: ip(m?.[3]) } };
  }
  return {};
}

/** A Cisco IOS message, or undefined for any other. */
export function parseIos(message: string): Decoded | undefined {
  const m = IOS.exec(message);
  if (m === null) return undefined;
  const [, facility, severity, mnemonic, text] = m;
  const code = `${facility!}-${severity!}-${mnemonic!}`;
  const fields = specific(code, text!);
  fields.event = { ...fields.event, code, provider: 'cisco-ios' };
  fields.labels = labelsOf({ 'cisco.facility': facility, 'cisco.severity': severity, 'cisco.mnemonic': mnemonic });
  return { dataset: 'cisco.ios', fields };
}

import type { EventFields } from '../../schema/event.ts';
import { ip } from '../values.ts';
import { login } from './services/login.ts';

/**
 * Inspektr audit trail records (Apereo CAS, and other Java applications that use Inspektr) in their single-line
 * form: `<when>|<application>|<what>|<ACTION>|<who>|<client ip>|<server ip>` at the end of a logger's line.
 * AUTHENTICATION_SUCCESS and AUTHENTICATION_FAILED are login attempts; other actions (tickets created,
 * validated, destroyed) keep their name. The multi-line form (`WHO:`, `ACTION:` … between rules) is not read.
 */

const RECORD = /\|([^|]{1,64})\|([^|]{0,4096})\|([A-Z][A-Z0-9_]{2,80})\|([^|]{0,256})\|([^|\s]{2,45})\|([^|\s]{2,45})$/;
/** Who Inspektr names when it does not know the principal. */
const UNKNOWN_PRINCIPAL = /^(?:audit:unknown|unknown|-)$/i;

function actionName(action: string): string {
  return action.toLowerCase().replaceAll('_', '-');
}

/** The fields of an Inspektr record at the end of `line`, or undefined when the line does not end in one. */
export function inspektrRecord(line: string): EventFields | undefined {
  if (!line.includes('|')) return undefined;
  const m = RECORD.exec(line.trimEnd());
  if (m === null) return undefined;
  const [, application = '', what = '', action = '', who = '', clientText = '', serverText = ''] = m;
  const clientIp = ip(clientText);
  const serverIp = ip(serverText);
  if (clientIp === undefined || serverIp === undefined) return undefined;
  const user = UNKNOWN_PRINCIPAL.test(who.trim()) ? undefined : who.trim();
  const labels = { 'inspektr.application': application.trim(), 'inspektr.resource': what.trim().slice(0, 1024) };
  if (action === 'AUTHENTICATION_SUCCESS' || action === 'AUTHENTICATION_FAILED') {
    const fields = login({ outcome: action === 'AUTHENTICATION_SUCCESS' ? 'success' : 'failure', user, source: { ip: clientIp }, labels });
    return { ...fields, destination: { ip: serverIp } };
  }
  const outcome = /_(?:FAILED|NOT_CREATED|NOT_VALIDATED)$/.test(action) ? 'failure' : /_(?:SUCCESS|CREATED|VALIDATED|DESTROYED)$/.test(action) ? 'success' : undefined;
  return {
    event: { action: actionName(action), outcome },
    user: user === undefined ? undefined : { name: user },
    source: { ip: clientIp },
    destination: { ip: serverIp },
    labels,
  };
}

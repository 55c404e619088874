import type { EventFields } from '../../schema/event.ts';

/** A firewall's verdict on a connection, as every firewall reader writes it. */
export type Verdict = 'denied' | 'allowed';

/**
 * The event block of a verdict: denied (`firewall-drop`, failure), allowed (`firewall-allow`, success), or none
 * (a connection only logged, `logged` naming the action). A fresh object per call: drafts own their objects.
 */
export function firewallEvent(verdict: Verdict | undefined, logged = 'firewall-log'): EventFields['event'] {
  if (verdict === 'denied') return { category: ['network'], type: ['denied'], action: 'firewall-drop', outcome: 'failure' };
  if (verdict === 'allowed') return { category: ['network'], type: ['allowed'], action: 'firewall-allow', outcome: 'success' };
  return { category: ['network'], type: ['connection'], action: logged };
}

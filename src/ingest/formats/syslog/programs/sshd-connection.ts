import type { EventFields } from '../../../../schema/event.ts';
import type { Rule } from '../rules.ts';
import { endpoint, labelsOf, userName } from '../util.ts';
import { ip } from '../../../values.ts';

/** sshd messages about connections: disconnects, closes, resolution warnings, protocol failures. */

function net(action: string, type: string, outcome?: 'success' | 'failure'): EventFields['event'] {
  return { category: ['network'], type: [type], action, outcome };
}

/** `invalid` / `authenticating` before `user X`: the client never got in. */
function userState(state: string | undefined, user: string | undefined): Pick<EventFields, 'user' | 'labels'> & {
  outcome?: 'failure';
} {
  return {
    user: { name: userName(user) },
    labels: labelsOf({ 'ssh.user_state': state, 'ssh.invalid_user': state === 'invalid' ? 'true' : undefined }),
    outcome: state === undefined ? undefined : 'failure',
  };
}

const RECEIVED_DISCONNECT = /^Received disconnect from (\S+?)(?: port (\d+))?: ?(\d+): ?(.*)$/s;
const DISCONNECTED_USER = /^Disconnected from (?:(invalid|authenticating) )?user (.*) (\S+) port (\d+)$/s;
const DISCONNECTED = /^Disconnected from (\S+) port (\d+)$/;
const DISCONNECTING_USER = /^Disconnecting (?:(invalid|authenticating) )?user (.*) (\S+) port (\d+): (.*)$/s;
const CLOSED_USER = /^Connection (closed|reset) by (?:(invalid|authenticating) )?user (.*) (\S+) port (\d+)$/s;
const CLOSED = /^Connection (closed|reset) by (\S+)(?: port (\d+))?$/;
const REVERSE = /^reverse mapping checking getaddrinfo for (\S+) \[(\S+)\] failed(?: - POSSIBLE BREAK-IN ATTEMPT!)?$/;
const MAPS_TO = /^Address (\S+) maps to (\S+), but this does not map back to the address(?: - POSSIBLE BREAK-IN ATTEMPT!)?$/;
const NO_IDENT = /^Did not receive identification string from (\S+)(?: port (\d+))?$/;
const NEGOTIATE = /^Unable to negotiate with (\S+) port (\d+): (.*)$/s;
const REFUSED = /^refused connect from (\S+) \((\S+)\)$/;
const CONNECTION = /^Connection from (\S+) port (\d+) on (\S+) port (\d+)(?: .*)?$/;
const BAD_VERSION = /^Bad protocol version identification '(.*)' from (\S+)(?: port (\d+))?$/s;
const BANNER = /^banner exchange: Connection from (\S+) port (\d+): (.*)$/s;
const DISPATCH_FATAL = /^ssh_dispatch_run_fatal: Connection from (?:(invalid|authenticating) user (.*) )?(\S+) port (\d+): (.*)$/s;

function closedByUser(action: string, m: RegExpExecArray, offset: number): EventFields {
  const [state, user, host, port] = m.slice(offset);
  const who = userState(state, user);
  return { event: net(action, 'end', who.outcome), user: who.user, labels: who.labels, source: endpoint(host, port) };
}

function nameAndAddress(name: string | undefined, address: string | undefined): EventFields['source'] {
  return { ip: ip(address), domain: endpoint(name).domain };
}

export const CONNECTION_RULES: readonly Rule[] = [
  {
    prefix: 'Received disconnect from ',
    re: RECEIVED_DISCONNECT,
    build: ([, host, port, code, reason]) => ({
      event: { ...net('ssh-disconnect', 'end'), reason: reason || undefined },
      source: endpoint(host, port),
      labels: labelsOf({ 'ssh.disconnect_code': code }),
    }),
  },
  { prefix: 'Disconnected from ', re: DISCONNECTED_USER, build: (m) => closedByUser('ssh-disconnect', m, 1) },
  {
    prefix: 'Disconnected from ',
    re: DISCONNECTED,
    build: ([, host, port]) => ({ event: net('ssh-disconnect', 'end'), source: endpoint(host, port) }),
  },
  {
    prefix: 'Disconnecting ',
    re: DISCONNECTING_USER,
    build: (m) => {
      const fields = closedByUser('ssh-disconnect', m, 1);
      const reason = m[5];
      if (reason?.startsWith('Too many authentication failures') === true) {
        return { ...fields, event: { category: ['authentication'], type: ['info'], action: 'ssh-max-auth-exceeded', outcome: 'failure', reason } };
      }
      return { ...fields, event: { ...fields.event, reason } };
    },
  },
  { prefix: 'Connection ', re: CLOSED_USER, build: (m) => closedByUser('ssh-connection-closed', m, 2) },
  {
    prefix: 'Connection ',
    re: CLOSED,
    build: ([, , host, port]) => ({ event: net('ssh-connection-closed', 'end'), source: endpoint(host, port) }),
  },
  {
    prefix: 'Connection from ',
    re: CONNECTION,
    build: ([, host, port, local, localPort]) => ({
      event: net('ssh-connection', 'start'),
      source: endpoint(host, port),
      destination: endpoint(local, localPort),
    }),
  },
  {
    prefix: 'reverse mapping checking ',
    re: REVERSE,
    build: ([, name, address]) => ({ event: net('ssh-reverse-mapping-failed', 'info'), source: nameAndAddress(name, address) }),
  },
  {
    prefix: 'Address ',
    re: MAPS_TO,
    build: ([, address, name]) => ({ event: net('ssh-reverse-mapping-failed', 'info'), source: nameAndAddress(name, address) }),
  },
  {
    prefix: 'Did not receive identification string ',
    re: NO_IDENT,
    build: ([, host, port]) => ({ event: net('ssh-no-identification', 'connection', 'failure'), source: endpoint(host, port) }),
  },
  {
    prefix: 'Unable to negotiate with ',
    re: NEGOTIATE,
    build: ([, host, port, reason]) => ({
      event: { ...net('ssh-negotiation-failed', 'connection', 'failure'), reason },
      source: endpoint(host, port),
    }),
  },
  {
    prefix: 'refused connect from ',
    re: REFUSED,
    build: ([, name, address]) => ({
      event: net('ssh-connection-refused', 'denied', 'failure'),
      source: nameAndAddress(name, address),
    }),
  },
  {
    prefix: 'Bad protocol version identification ',
    re: BAD_VERSION,
    build: ([, banner, host, port]) => ({
      event: net('ssh-bad-protocol', 'connection', 'failure'),
      source: endpoint(host, port),
      labels: labelsOf({ 'ssh.banner': banner }),
    }),
  },
  {
    prefix: 'banner exchange: ',
    re: BANNER,
    build: ([, host, port, reason]) => ({
      event: { ...net('ssh-bad-protocol', 'connection', 'failure'), reason },
      source: endpoint(host, port),
    }),
  },
  {
    prefix: 'ssh_dispatch_run_fatal: ',
    re: DISPATCH_FATAL,
    build: ([, state, user, host, port, reason]) => ({
      event: { ...net('ssh-protocol-error', 'connection', 'failure'), reason },
      user: { name: userName(user) },
      source: endpoint(host, port),
      labels: labelsOf({ 'ssh.user_state': state }),
    }),
  },
];

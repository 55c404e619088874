import type { EventFields } from '../../../../schema/event.ts';
import { ip } from '../../../values.ts';
import { runRules, type Rule } from '../rules.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { userName } from '../util.ts';

/**
 * macOS's own login services, as the unified log (or a Mac's syslog) writes them: Screen Sharing's VNC logins
 * (`screensharingd`: `Authentication: FAILED :: User Name: alice :: Viewer Address: 203.0.113.5 :: Type: DH`), which
 * are brute-forced from the internet as SSH is, and Open Directory's password checks (`opendirectoryd`: `Failed to
 * authenticate user <alice> (error: 5000).`), behind local, SSH and Screen Sharing logins alike.
 */

function login(ok: boolean, user: string | undefined, address?: string, method?: string): EventFields {
  const source = address === undefined ? undefined : (ip(address) === undefined ? { domain: address } : { ip: ip(address) });
  return {
    event: { category: ['authentication'], type: ['start'], action: 'login', outcome: ok ? 'success' : 'failure' },
    user: { name: userName(user) },
    source,
    labels: method === undefined ? undefined : { 'screensharing.method': method },
  };
}

const SCREEN_SHARING: readonly Rule[] = [
  {
    prefix: 'Authentication: ',
    re: /^Authentication: (FAILED|SUCCEEDED) :: User Name: (.{0,256}?) :: Viewer Address: (\S{1,255}) :: Type: (\S{1,64})/,
    build: ([, verdict, user, address, method]) => login(verdict === 'SUCCEEDED', user, address, method),
  },
];

const OPEN_DIRECTORY: readonly Rule[] = [
  { prefix: 'Failed to authenticate user <', re: /^Failed to authenticate user <([^<>]{1,256})> \(error: (-?\d{1,10})\)/, build: ([, user, code]) => ({ ...login(false, user), labels: { 'opendirectory.error': code ?? '' } }) },
];

function decode({ message, program }: DecodeInput): Decoded | undefined {
  const fields = runRules(program === 'screensharingd' ? SCREEN_SHARING : OPEN_DIRECTORY, message);
  return fields === undefined ? undefined : { fields };
}

export const macosAuthDecoder: ProgramDecoder = {
  programs: ['screensharingd', 'opendirectoryd'],
  dataset: (program) => (program === 'screensharingd' ? 'macos.screensharing' : 'macos.opendirectory'),
  decode,
};

import type { ProgramDecoder } from '../types.ts';
import { checkpointDecoder } from './checkpoint.ts';
import { cronDecoder } from './cron.ts';
import { dnsmasqDecoder, dnsmasqDhcpDecoder } from './dnsmasq.ts';
import { filterlogDecoder } from './filterlog.ts';
import { junosDecoder } from './junos.ts';
import { haproxyDecoder } from './haproxy.ts';
import { idsDecoder } from './ids.ts';
import { kernelDecoder } from './kernel.ts';
import { macosAuthDecoder } from './macos-auth.ts';
import { namedDecoder } from './named.ts';
import { routerOsDecoder } from './routeros.ts';
import { SERVICE_PROGRAM_DECODERS } from './services.ts';
import { shadowUtilsDecoder } from './shadow-utils.ts';
import { sshdDecoder } from './sshd.ts';
import { strongSwanDecoder } from './strongswan.ts';
import { suDecoder } from './su.ts';
import { sudoDecoder } from './sudo.ts';
import { sysmonLinuxDecoder } from './sysmon-linux.ts';
import { webServerDecoder } from './web-server.ts';

/** Every program-specific decoder. Add a decoder here and it is used for the programs it names. */
export const PROGRAM_DECODERS: readonly ProgramDecoder[] = [
  sshdDecoder,
  sudoDecoder,
  suDecoder,
  shadowUtilsDecoder,
  cronDecoder,
  kernelDecoder,
  webServerDecoder,
  idsDecoder,
  filterlogDecoder,
  haproxyDecoder,
  routerOsDecoder,
  namedDecoder,
  dnsmasqDecoder,
  dnsmasqDhcpDecoder,
  strongSwanDecoder,
  sysmonLinuxDecoder,
  macosAuthDecoder,
  checkpointDecoder,
  junosDecoder,
  ...SERVICE_PROGRAM_DECODERS,
];

const BY_PROGRAM = new Map<string, ProgramDecoder>();
for (const decoder of PROGRAM_DECODERS) for (const program of decoder.programs) BY_PROGRAM.set(program, decoder);

/** `/usr/sbin/CRON` → `cron`. */
export function programKey(program: string): string {
  const slash = program.lastIndexOf('/');
  return (slash >= 0 ? program.slice(slash + 1) : program).toLowerCase();
}

export function decoderFor(key: string): ProgramDecoder | undefined {
  return BY_PROGRAM.get(key);
}

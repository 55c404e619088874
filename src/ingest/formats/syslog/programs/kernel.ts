import { looksLikeNetfilter, parseNetfilter } from '../netfilter.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { mergeFields } from '../util.ts';
import { parseWireGuard } from '../wireguard.ts';

/**
 * kernel: the `[12345.678]` uptime stamp moves to a label, netfilter LOG lines (iptables, UFW, firewalld) become
 * network events with the dataset their prefix names, and WireGuard's messages get dataset `wireguard`. Other
 * kernel lines stay `syslog`.
 */

const UPTIME = /^\[\s*(\d+\.\d+)\]\s*/;

function decode({ message }: DecodeInput): Decoded | undefined {
  const uptime = UPTIME.exec(message);
  const text = uptime === null ? message : message.slice(uptime[0].length);
  const base = uptime === null ? {} : { message: text, labels: { 'kernel.uptime': uptime[1] ?? '' } };
  const netfilter = looksLikeNetfilter(text) ? parseNetfilter(text) : undefined;
  if (netfilter !== undefined) return { dataset: netfilter.dataset, fields: mergeFields(base, netfilter.fields) };
  const wireguard = text.startsWith('wireguard: ') ? parseWireGuard(text) : undefined;
  if (wireguard !== undefined) return { dataset: 'wireguard', fields: mergeFields(base, wireguard) };
  return uptime === null ? undefined : { fields: base };
}

export const kernelDecoder: ProgramDecoder = {
  programs: ['kernel'],
  dataset: () => undefined,
  decode,
};

import { isIPv4, isIPv6 } from 'node:net';
import { ipv4Value as v4, ipv6Groups as groups6 } from '../../../util/ip-parse.ts';

/** IPv4 and IPv6 networks for the `cidr` modifier, parsed once; event addresses are checked without regexes. */

export type Network = { v6: false; base: number; mask: number } | { v6: true; groups: number[]; prefix: number };

export function parseCidr(text: string): Network | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const bitsText = slash < 0 ? undefined : text.slice(slash + 1);
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  if (isIPv4(address)) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (bits > 32) return undefined;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { v6: false, base: (v4(address) & mask) >>> 0, mask };
  }
  if (isIPv6(address)) {
    const prefix = bitsText === undefined ? 128 : Number(bitsText);
    return prefix > 128 ? undefined : { v6: true, groups: groups6(address), prefix };
  }
  return undefined;
}

/** Whether an event value is an address inside the network (IPv4-mapped IPv6 addresses count as IPv4). */
export function inNetwork(text: string, network: Network): boolean {
  if (network.v6) return isIPv6(text) && prefixEqual(groups6(text), network.groups, network.prefix);
  if (isIPv4(text)) return ((v4(text) & network.mask) >>> 0) === network.base;
  if (text.length > 7 && isIPv6(text)) {
    const g = groups6(text);
    if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
      const value = (((g[6] ?? 0) << 16) | (g[7] ?? 0)) >>> 0;
      return ((value & network.mask) >>> 0) === network.base;
    }
  }
  return false;
}



function prefixEqual(a: readonly number[], b: readonly number[], prefix: number): boolean {
  let bits = prefix;
  for (let i = 0; i < 8 && bits > 0; i++) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((a[i] ?? 0) & mask) !== ((b[i] ?? 0) & mask)) return false;
    bits -= take;
  }
  return true;
}

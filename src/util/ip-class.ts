import { isIPv6 } from 'node:net';
import { ipv4Value as v4, ipv6Groups as groups6, strictIpv4Value } from './ip-parse.ts';
import type { IpClass } from '../schema/event.ts';

interface Range4 {
  base: number;
  bits: number;
  cls: IpClass;
}


const RANGES_V4: Range4[] = [
  ['0.0.0.0', 32, 'unspecified'],
  ['0.0.0.0', 8, 'reserved'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
].map(([base, bits, cls]) => ({ base: v4(base as string), bits: bits as number, cls: cls as IpClass }));

const MASKS_V4 = RANGES_V4.map((range) => (range.bits === 0 ? 0 : (0xffffffff << (32 - range.bits)) >>> 0));

/** The ranges (indexes into RANGES_V4, in its order) that can hold an address with this first octet. */
const RANGES_BY_FIRST_OCTET: readonly number[][] = Array.from({ length: 256 }, (_, octet) =>
  RANGES_V4.flatMap((range, i) => ((((octet << 24) >>> 0) & MASKS_V4[i]! & 0xff000000) >>> 0 === (range.base & 0xff000000) >>> 0 ? [i] : [])),
);

function classifyV4(text: string): IpClass {
  return classifyV4Value(v4(text));
}

function classifyV4Value(value: number): IpClass {
  for (const i of RANGES_BY_FIRST_OCTET[value >>> 24]!) {
    if (((value & MASKS_V4[i]!) >>> 0) === RANGES_V4[i]!.base) return RANGES_V4[i]!.cls;
  }
  return 'public';
}


function classifyV6(text: string): IpClass {
  const g = groups6(text);
  const zeroUpTo = (n: number) => g.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(5) && g[5] === 0xffff) {
    const [hi = 0, lo = 0] = g.slice(6);
    return classifyV4(`${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`);
  }
  const head = g[0] ?? 0;
  if ((head & 0xffc0) === 0xfe80) return 'link-local';
  if ((head & 0xfe00) === 0xfc00) return 'private';
  if ((head & 0xff00) === 0xff00) return 'multicast';
  // 2001:db8::/32 and 3fff::/20 (RFC 3849, RFC 9637).
  if ((head === 0x2001 && g[1] === 0x0db8) || (head === 0x3fff && (g[1] ?? 0) < 0x1000)) return 'documentation';
  return 'public';
}

/** Classifies a valid IP address; undefined for anything that is not one. */
export function classifyIp(text: string): IpClass | undefined {
  const v4Value = strictIpv4Value(text);
  if (v4Value >= 0) return classifyV4Value(v4Value);
  // Every IPv6 address has a colon: host names (URL hosts) skip isIPv6's regexes.
  if (text.includes(':') && isIPv6(text)) return classifyV6(text);
  return undefined;
}

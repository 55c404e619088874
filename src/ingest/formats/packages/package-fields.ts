import type { EventFields } from '../../../schema/event.ts';

/** What happened to a package, as the event's action and ECS type. */
export type PackageChange = 'installed' | 'upgraded' | 'downgraded' | 'reinstalled' | 'removed' | 'purged';

const TYPES: Readonly<Record<PackageChange, string>> = {
  installed: 'installation',
  reinstalled: 'installation',
  upgraded: 'change',
  downgraded: 'change',
  removed: 'deletion',
  purged: 'deletion',
};

/** `nmap:amd64` → name and architecture (dpkg before multiarch wrote the name alone). */
export function debPackage(text: string): { name: string; architecture?: string } {
  const colon = text.lastIndexOf(':');
  return colon > 0 ? { name: text.slice(0, colon), architecture: text.slice(colon + 1) || undefined } : { name: text };
}

const RPM_ARCHES = new Set(['x86_64', 'noarch', 'i386', 'i486', 'i586', 'i686', 'aarch64', 'armv7hl', 'armv7hnl', 'ppc64', 'ppc64le', 's390x', 'riscv64', 'src', 'athlon', 'ia64']);

/**
 * An rpm package as dnf (`openssl-libs-1:3.2.2-6.el9.x86_64`: name, epoch:version, release, arch) or yum
 * (`1:net-snmp-libs-5.7.2-37.el7.x86_64`: the epoch first) writes it; the version is `[epoch:]version-release`.
 * Without a known architecture it is a bare name (yum's `Erased:` lines).
 */
export function rpmPackage(text: string): { name: string; architecture?: string; version?: string } {
  const dot = text.lastIndexOf('.');
  const architecture = dot > 0 ? text.slice(dot + 1) : '';
  if (!RPM_ARCHES.has(architecture)) return { name: text };
  const nvr = text.slice(0, dot);
  const releaseCut = nvr.lastIndexOf('-');
  const versionCut = releaseCut > 0 ? nvr.lastIndexOf('-', releaseCut - 1) : -1;
  if (versionCut <= 0) return { name: text };
  let name = nvr.slice(0, versionCut);
  let version = nvr.slice(versionCut + 1);
  const epoch = /^(\d+):/.exec(name);
  if (epoch !== null) {
    name = name.slice(epoch[0].length);
    version = `${epoch[1]!}:${version}`;
  }
  return name === '' ? { name: text } : { name, architecture, version };
}

/** The fields of a package change: category `package`, the ECS type, `package-<change>`, and the package itself. */
export function packageChange(change: PackageChange, pkg: { name: string; architecture?: string; version?: string }, previousVersion: string | undefined, type = 'deb'): EventFields {
  const labels: Record<string, string> = {};
  if (previousVersion !== undefined) labels['package_previous_version'] = previousVersion;
  return {
    event: { category: ['package'], type: [TYPES[change]], action: `package-${change}` },
    package: { name: pkg.name, version: pkg.version, architecture: pkg.architecture, type },
    labels,
  };
}

/** A step of a package's handling that changes nothing by itself (dpkg's `status` and `configure`, dnf's package replaced). */
export function packageInfo(action: string, pkg: { name: string; architecture?: string; version?: string }, type: 'deb' | 'rpm'): EventFields {
  return {
    event: { category: ['package'], type: ['info'], action },
    package: { name: pkg.name, version: pkg.version, architecture: pkg.architecture, type },
  };
}

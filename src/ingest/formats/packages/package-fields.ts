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

/** The fields of a package change: category `package`, the ECS type, `package-<change>`, and the package itself. */
export function packageChange(change: PackageChange, pkg: { name: string; architecture?: string; version?: string }, previousVersion: string | undefined): EventFields {
  const labels: Record<string, string> = {};
  if (previousVersion !== undefined) labels['package_previous_version'] = previousVersion;
  return {
    event: { category: ['package'], type: [TYPES[change]], action: `package-${change}` },
    package: { name: pkg.name, version: pkg.version, architecture: pkg.architecture, type: 'deb' },
    labels,
  };
}

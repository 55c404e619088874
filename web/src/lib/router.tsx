import { useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/** A small history router: the path and query string are the state; every view reads them from here. */

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

export interface Location {
  path: string;
  params: URLSearchParams;
  href: string;
}

/** The current location; the same object until the URL changes, so it can be an effect's dependency. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    return { path: url.pathname, params: url.searchParams, href };
  }, [href]);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace === true) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

/** Path plus query string; empty values left out, arrays repeated. */
export function href(path: string, params: Readonly<Record<string, string | readonly string[] | undefined | null>> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string') search.append(key, value);
    else for (const item of value) search.append(key, item);
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The current query string with some keys changed (undefined removes a key). */
export function withParams(location: Location, changes: Readonly<Record<string, string | readonly string[] | undefined>>): string {
  const params = new Map<string, string[]>();
  for (const key of new Set(location.params.keys())) params.set(key, location.params.getAll(key));
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) params.delete(key);
    else params.set(key, typeof value === 'string' ? [value] : [...value]);
  }
  return href(location.path, Object.fromEntries(params));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An in-app link: a real href (open in a new tab works), navigation without a reload on a plain click. */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/** Matches `/incidents/:id` style patterns; returns the named parts or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    const value = have[i]!;
    if (part.startsWith(':')) {
      if (value === '') return undefined;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) return undefined;
  }
  return params;
}

import { useState, type ReactNode } from 'react';
import type { Job } from '../api/types.ts';
import { num } from '../lib/format.ts';
import { Link, href, useLocation } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useApi, useInterval } from '../lib/use-api.ts';
import { RangeBar } from './range-bar.tsx';

const NAV: readonly { path: string; label: string; keepRange: boolean }[] = [
  { path: '/', label: 'Dashboard', keepRange: true },
  { path: '/incidents', label: 'Incidents', keepRange: true },
  { path: '/events', label: 'Events', keepRange: true },
  { path: '/chat', label: 'Chat', keepRange: false },
  { path: '/upload', label: 'Upload', keepRange: false },
  { path: '/audit', label: 'Audit log', keepRange: false },
  { path: '/settings', label: 'Settings', keepRange: false },
];

function isActive(path: string, current: string): boolean {
  return path === '/' ? current === '/' : current === path || current.startsWith(`${path}/`);
}

function ThemeToggle() {
  const [theme, setTheme] = useState(document.documentElement.dataset.theme ?? 'dark');
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    window.localStorage.setItem('vigil-theme', next);
    setTheme(next);
  };
  return (
    <button type="button" className="btn ghost small" onClick={toggle} title="switch theme">
      {theme === 'dark' ? 'Light' : 'Dark'}
    </button>
  );
}

/** Running jobs, visible on every page (the dashboard refreshes faster while one runs). */
function JobIndicator() {
  const jobs = useApi<{ jobs: Job[] }>('/api/jobs?limit=10');
  useInterval(jobs.reload, 3000);
  const active = (jobs.data?.jobs ?? []).filter((j) => j.status === 'running' || j.status === 'queued');
  if (active.length === 0) return null;
  const running = active.find((j) => j.status === 'running') ?? active[0]!;
  const what = running.kind === 'ingest' ? `ingesting ${running.progress.file ?? ''} · ${num(running.progress.events)} events` : 'analysing';
  return (
    <Link to="/upload" className="job-indicator" title="jobs in progress">
      <span className="pulse" /> {what}
      {active.length > 1 ? ` (+${active.length - 1} queued)` : ''}
    </Link>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { session, logout } = useSession();
  const location = useLocation();
  const range = { since: location.params.get('since') ?? undefined, until: location.params.get('until') ?? undefined };
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="main">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={20} height={20} /> Vigil
        </Link>
        {NAV.map((item) => (
          <Link key={item.path} to={item.keepRange ? href(item.path, range) : item.path} className={isActive(item.path, location.path) ? 'nav-item active' : 'nav-item'}>
            {item.label}
          </Link>
        ))}
        <div className="sidebar-foot">
          <a href="/docs" target="_blank" rel="noopener noreferrer" className="nav-item small">
            API docs
          </a>
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <RangeBar />
          <div className="topbar-right">
            <JobIndicator />
            <span className="who" title={session.actor}>
              {session.name} <span className="role">{session.role}</span>
            </span>
            <ThemeToggle />
            <button type="button" className="btn ghost small" onClick={logout}>
              Log out
            </button>
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

import { useEffect, type ReactNode } from 'react';
import { errorText } from '../api/client.ts';
import type { Severity } from '../api/types.ts';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none'];
export const RULE_LEVELS = ['critical', 'high', 'medium', 'low', 'informational'] as const;

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`sev sev-${SEVERITIES.includes(severity as Severity) || severity === 'informational' ? severity : 'none'}`}>{severity}</span>;
}

export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="error-box" role="alert">
      {title !== undefined && <strong>{title}: </strong>}
      {errorText(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Panel({ title, actions, children, className }: { title: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`panel ${className ?? ''}`}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions !== undefined && <div className="panel-actions">{actions}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function Spinner({ label = 'loading' }: { label?: string }) {
  return (
    <span className="spinner" role="status" aria-label={label}>
      <span />
    </span>
  );
}

/** A labelled number, as the dashboard's counters show them. */
export function Stat({ label, value, tone }: { label: string; value: ReactNode; tone?: string }) {
  return (
    <div className={`stat ${tone === undefined ? '' : `stat-${tone}`}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** A side panel over the page; Escape closes it. */
export function Drawer({ title, onClose, children }: { title: ReactNode; onClose: () => void; children: ReactNode }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="drawer" role="dialog" aria-label="details">
      <header className="drawer-head">
        <h2>{title}</h2>
        <button type="button" className="btn ghost" onClick={onClose} aria-label="close">
          ✕
        </button>
      </header>
      <div className="drawer-body">{children}</div>
    </aside>
  );
}

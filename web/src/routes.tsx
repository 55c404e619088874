import { Suspense, lazy } from 'react';
import { Empty, Spinner } from './components/common.tsx';
import { matchPath, useLocation } from './lib/router.tsx';
import { AuditPage } from './pages/audit/index.tsx';
import { ChatPage } from './pages/chat/index.tsx';
import { EventsPage } from './pages/events/index.tsx';
import { IncidentDetailPage } from './pages/incidents/detail.tsx';
import { IncidentsPage } from './pages/incidents/list.tsx';
import { SettingsPage } from './pages/settings/index.tsx';
import { UploadPage } from './pages/upload/index.tsx';

/** The dashboard carries the chart library: loaded on first use, so the login page stays light. */
const DashboardPage = lazy(() => import('./pages/dashboard/index.tsx').then((m) => ({ default: m.DashboardPage })));

/** The pages by path; one line each. */
export function Routes() {
  const { path } = useLocation();
  const incident = matchPath('/incidents/:id', path);
  if (incident !== undefined) return <IncidentDetailPage id={incident.id!} />;
  switch (path.replace(/\/+$/, '') || '/') {
    case '/':
      return (
        <Suspense fallback={<Spinner />}>
          <DashboardPage />
        </Suspense>
      );
    case '/incidents':
      return <IncidentsPage />;
    case '/events':
      return <EventsPage />;
    case '/chat':
      return <ChatPage />;
    case '/upload':
      return <UploadPage />;
    case '/audit':
      return <AuditPage />;
    case '/settings':
      return <SettingsPage />;
    default:
      return <Empty>No page at {path}.</Empty>;
  }
}

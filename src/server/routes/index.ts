import type { RouteDefinition } from '../route.ts';
import { analyzeRoutes } from './analyze/index.ts';
import { auditRoutes } from './audit/index.ts';
import { chatRoutes } from './chat/index.ts';
import { docsRoutes } from './docs/index.ts';
import { eventRoutes } from './events/index.ts';
import { exportRoutes } from './exports/index.ts';
import { healthRoutes } from './health/index.ts';
import { incidentRoutes } from './incidents/index.ts';
import { jobRoutes } from './jobs/index.ts';
import { sessionRoutes } from './session/index.ts';
import { settingsRoutes } from './settings/index.ts';
import { statsRoutes } from './stats/index.ts';
import { timelineRoutes } from './timeline/index.ts';
import { tokenRoutes } from './tokens/index.ts';
import { uploadRoutes } from './uploads/index.ts';

/** Every API route, one line per resource. */
export const ROUTES: readonly RouteDefinition[] = [
  ...healthRoutes,
  ...sessionRoutes,
  ...tokenRoutes,
  ...uploadRoutes,
  ...analyzeRoutes,
  ...jobRoutes,
  ...statsRoutes,
  ...timelineRoutes,
  ...chatRoutes,
  ...eventRoutes,
  ...incidentRoutes,
  ...exportRoutes,
  ...auditRoutes,
  ...settingsRoutes,
  ...docsRoutes,
];

/** The API's shapes, as the server's zod schemas define them (types only: no schema code reaches the bundle). */
export type {
  ApiErrorBody,
  ApiToken,
  IncidentSummary,
  IngestFileResult,
  Job,
  JobStatus,
  Role,
  SessionInfo,
} from '../../../src/schema/api/index.ts';
export type { Answer, AnalysisMode, Citations, Fact, FlaggedClaim, ProviderId } from '../../../src/schema/assist.ts';
export type { SettingsChange } from '../../../src/schema/settings.ts';
export type { Alert, Entities } from '../../../src/schema/alert.ts';
export type { Incident, Severity, TechniqueRef } from '../../../src/schema/incident.ts';
export type { VigilEvent } from '../../../src/schema/event.ts';

import type { z } from 'zod';
import type { ChatExamplesSchema, ChatMessageSchema, ChatSessionDetailSchema, ChatSessionListSchema, ChatSessionSchema } from '../../../src/schema/api/chat.ts';
import type {
  AuditEntrySchema,
  AuditPageSchema,
  AuditVerifySchema,
  ConfigViewSchema,
  EventDetailSchema,
  EventsPageSchema,
  IncidentDetailSchema,
  IncidentsPageSchema,
  JobAcceptedSchema,
  SettingsSchema,
  StatsSchema,
  TimelineSchema,
  TokenCreatedSchema,
  TokenListSchema,
} from '../../../src/schema/api/index.ts';

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditVerify = z.infer<typeof AuditVerifySchema>;
export type ConfigView = z.infer<typeof ConfigViewSchema>;
export type EventDetail = z.infer<typeof EventDetailSchema>;
export type EventsPage = z.infer<typeof EventsPageSchema>;
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;
export type IncidentsPage = z.infer<typeof IncidentsPageSchema>;
export type JobAccepted = z.infer<typeof JobAcceptedSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type Stats = z.infer<typeof StatsSchema>;
export type Timeline = z.infer<typeof TimelineSchema>;
export type TokenCreated = z.infer<typeof TokenCreatedSchema>;
export type TokenList = z.infer<typeof TokenListSchema>;

export type ChatSessionSummary = z.infer<typeof ChatSessionSchema>;
export type ChatStoredMessage = z.infer<typeof ChatMessageSchema>;
export type ChatSessionDetail = z.infer<typeof ChatSessionDetailSchema>;
export type ChatSessionList = z.infer<typeof ChatSessionListSchema>;
export type ChatExamples = z.infer<typeof ChatExamplesSchema>;

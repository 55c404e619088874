/** The HTTP API's request and response schemas (the web app imports its types from here). */
export * from './audit.ts';
export * from './auth.ts';
export * from './common.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './incidents.ts';
export * from './jobs.ts';
export * from './server-config.ts';
export * from './settings.ts';
export * from './stats.ts';
export * from './work.ts';

import { JobAcceptedSchema, UploadQuerySchema } from '../../../schema/api/work.ts';
import { defineRoute } from '../../route.ts';
import { upload } from './handlers.ts';

export const uploadRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/uploads',
    access: 'analyst',
    tag: 'ingest',
    rate: 'upload',
    multipart: true,
    summary: 'Upload log files (multipart, several per request) and ingest them as one job',
    description:
      'Each file is streamed to the upload directory under a generated name; beyond the per-file size limit or the file count limit the request fails with 413 and nothing is kept or ingested. Formats are detected per file (archives: .gz, .zst, .zip, .tar). Answers 202 with the queued job; follow it at /api/jobs/{id} or /api/jobs/{id}/events.',
    query: UploadQuerySchema,
    response: JobAcceptedSchema,
    status: 202,
    handler: upload,
  }),
];

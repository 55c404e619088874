import type { Multipart } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { checkFormatId } from '../../../ingest/read.ts';
import { configuredZoneRules, parseZoneRule, type ZoneRule } from '../../../normalize/source-zones.ts';
import { checkTimeZone } from '../../../normalize/time.ts';
import type { Job } from '../../../schema/api/jobs.ts';
import type { UploadQuerySchema } from '../../../schema/api/work.ts';
import { VigilError, errorMessage } from '../../../util/errors.ts';
import { actorOf } from '../../auth/identity.ts';
import { ApiError } from '../../errors.ts';
import { caller, type RouteContext } from '../../route.ts';
import { discard, stageFile, type Staged } from '../../uploads/staging.ts';

type UploadQuery = z.output<typeof UploadQuerySchema>;

/** The options as the ingest takes them; a bad zone, format or rule is the request's fault. */
function checkOptions(query: UploadQuery, tz: string): ZoneRule[] {
  try {
    checkTimeZone(tz);
    if (query.format !== undefined) checkFormatId(query.format);
    return query.tzFor.map(parseZoneRule);
  } catch (error) {
    if (error instanceof VigilError) throw new ApiError('E_VALIDATION', error.message);
    throw error;
  }
}

/** The next part of the body; a malformed body (not the server's fault) is a validation error. */
async function nextPart(parts: AsyncIterator<Multipart>): Promise<IteratorResult<Multipart>> {
  try {
    return await parts.next();
  } catch (error) {
    if (error instanceof ApiError || typeof (error as { code?: unknown }).code === 'string') throw error;
    throw new ApiError('E_VALIDATION', `malformed multipart body: ${errorMessage(error)}`);
  }
}

/** Streams every file part to the upload directory; all or nothing. */
async function stageAll(ctx: RouteContext<UploadQuery, unknown, unknown>): Promise<Staged[]> {
  const { request, vigil } = ctx;
  const staged: Staged[] = [];
  const parts = request.parts()[Symbol.asyncIterator]();
  try {
    for (let next = await nextPart(parts); next.done !== true; next = await nextPart(parts)) {
      const part = next.value;
      if (part.type !== 'file') continue;
      staged.push(await stageFile(part.file, vigil.uploadDir, part.filename, vigil.limits.uploadFileBytes));
    }
  } catch (error) {
    await discard(staged);
    throw error;
  }
  if (staged.length === 0) throw new ApiError('E_VALIDATION', 'no file in the request: send multipart/form-data with one or more file parts');
  return staged;
}

/**
 * Upload: the files are saved first (size limit per file, count limit per request); only when every one
 * arrived whole is one ingest job queued for all of them. A 413 leaves nothing behind and ingests nothing.
 */
export async function upload(ctx: RouteContext<UploadQuery, unknown, unknown>): Promise<FastifyReply> {
  const { query, vigil, reply, request } = ctx;
  if (!request.isMultipart()) throw new ApiError('E_UNSUPPORTED_MEDIA', 'send the files as multipart/form-data');
  const tz = query.tz ?? vigil.config.ingest?.tz ?? 'UTC';
  const zones = [...checkOptions(query, tz), ...configuredZoneRules(vigil.config.ingest?.tzFor)];
  const actor = actorOf(caller(ctx.identity));
  const staged = await stageAll(ctx);
  const files = staged.map(({ path, name, size, sha256 }) => ({ path, name, size, sha256 }));
  let job: Job;
  try {
    await vigil.writes.run((store) =>
      store.audit.append({
        actor,
        action: 'upload',
        target: files.map((f) => f.name).join(' '),
        details: { files: files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 })), tz, ...(zones.length > 0 ? { zones } : {}), format: query.format, refresh: query.refresh === true, client: request.ip },
      }),
    );
    job = vigil.jobs.submit(
      { kind: 'ingest', actor, payload: { files, tz, zones, format: query.format, year: query.year, refresh: query.refresh === true } },
      { files: files.map((f) => ({ name: f.name, size: f.size })), options: { tz, tzFor: zones, format: query.format ?? null, year: query.year ?? null, refresh: query.refresh === true } },
    );
  } catch (error) {
    await discard(staged);
    throw error;
  }
  return reply.code(202).send({ job });
}

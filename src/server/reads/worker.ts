import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../store/index.ts';
import { VigilError, errorMessage } from '../../util/errors.ts';
import { lowerThreadPriority } from '../../util/thread-priority.ts';
import { runRead, type ReadName } from './queries.ts';

/** A reader thread: its own read-only connection; answers one query at a time. */

export interface ReadRequest {
  id: number;
  name: ReadName;
  args: unknown;
}

export type ReadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: string; message: string; vigil: boolean };

const port = parentPort;
if (port === null) throw new Error('server/reads/worker.ts runs as a worker thread');
const data = workerData as { dbPath: string; nice: number };
if (data.nice > 0) lowerThreadPriority(data.nice);
const store = openStore(data.dbPath, { readonly: true });

port.on('message', (request: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id: request.id, ok: true, value: runRead(store.db, request.name, request.args as never) };
  } catch (error) {
    const vigil = error instanceof VigilError;
    reply = { id: request.id, ok: false, code: vigil ? error.code : 'E_INTERNAL', message: errorMessage(error), vigil };
  }
  port.postMessage(reply);
});

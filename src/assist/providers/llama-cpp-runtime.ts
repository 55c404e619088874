import type { Llama } from 'node-llama-cpp';
import { errorMessage } from '../../util/errors.ts';
import { LlmError } from './types.ts';

const LOG_TAIL = 6;

export interface RuntimeOptions {
  gpu: boolean;
}

/** The native llama.cpp backend and the last warnings and errors it logged (kept, not printed). */
export interface LlamaRuntime {
  llama: Llama;
  logTail: string[];
}

/**
 * One backend for CPU use and one for GPU use (threads are set per context), started on first use and kept
 * for the life of the process: closing a provider frees its models and contexts. Starting a backend forks a
 * process that checks the prebuilt binary works on this machine, and node-llama-cpp cannot start a second one
 * cleanly after disposing the first (llama.cpp's messages then bypass the logger and land on stdout).
 */
const runtimes = new Map<string, Promise<LlamaRuntime>>();

let library: Promise<typeof import('node-llama-cpp')> | undefined;

/** node-llama-cpp loaded on first use: importing it takes about a second, which no other verb should pay. */
export function llamaLibrary(): Promise<typeof import('node-llama-cpp')> {
  library ??= import('node-llama-cpp');
  return library;
}

async function startRuntime(options: RuntimeOptions): Promise<LlamaRuntime> {
  const logTail: string[] = [];
  try {
    const { getLlama, LlamaLogLevel } = await llamaLibrary();
    const llama = await getLlama({
      build: 'never',
      skipDownload: true,
      usePrebuiltBinaries: true,
      progressLogs: false,
      gpu: options.gpu ? 'auto' : false,
      maxThreads: 0,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        if (level !== LlamaLogLevel.error && level !== LlamaLogLevel.warn && level !== LlamaLogLevel.fatal) return;
        const line = message.trim();
        if (logTail.includes(line)) return;
        logTail.push(line);
        if (logTail.length > LOG_TAIL) logTail.shift();
      },
    });
    return { llama, logTail };
  } catch (error) {
    const platform = `${process.platform}-${process.arch}`;
    throw new LlmError('unreachable', `llama-cpp: the llama.cpp runtime did not start (its prebuilt binary for ${platform} is missing or unusable; Vigil never builds or downloads one): ${errorMessage(error)}`, { cause: error });
  }
}

export function sharedRuntime(options: RuntimeOptions): Promise<LlamaRuntime> {
  const key = options.gpu ? 'gpu' : 'cpu';
  let runtime = runtimes.get(key);
  if (runtime === undefined) {
    const starting = startRuntime(options);
    starting.catch(() => {
      if (runtimes.get(key) === starting) runtimes.delete(key);
    });
    runtimes.set(key, starting);
    runtime = starting;
  }
  return runtime;
}

/** Stable error codes for code and configuration faults (bad input records are counted, not thrown). */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_USAGE'
  | 'E_INPUT'
  | 'E_FORMAT'
  | 'E_STORE'
  | 'E_AUDIT'
  | 'E_INTERNAL';

const EXIT_CODES: Record<ErrorCode, number> = {
  E_USAGE: 2,
  E_CONFIG: 3,
  E_INPUT: 4,
  E_FORMAT: 4,
  E_STORE: 5,
  E_AUDIT: 6,
  E_INTERNAL: 70,
};

export class VigilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VigilError';
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

/** The `code` an error carries (`ENOENT`, `SQLITE_FULL`…), if it is a string. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? 'unknown error';
  } catch {
    return 'unknown error';
  }
}

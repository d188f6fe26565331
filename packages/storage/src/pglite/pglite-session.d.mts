/** A PostgreSQL error copied field by field into a structured-clone-safe object. */
export interface SerializedError {
  message: string;
  severity?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  internalPosition?: string;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  file?: string;
  line?: string;
  routine?: string;
}

/** What one statement returns, in a form that survives postMessage. */
export interface SessionResult {
  rows: Record<string, unknown>[];
  command: string | undefined;
  rowCount: number;
  /** Columns of type bytea: PGlite yields Uint8Array, which the main thread turns into Buffer like pg. */
  byteaColumns: string[];
}

export interface PgliteSession {
  run(sql: string, params: readonly unknown[], copyData?: Uint8Array): Promise<SessionResult>;
  close(): Promise<void>;
}

export declare function serializeError(error: unknown): SerializedError;
export declare function openPgliteSession(dataDir: string): Promise<PgliteSession>;

// Every request the simulated host answered: its real size, the sync it was, how it ended, and
// the host gaps (APIs the host does not model) met on the way. Benchmarks and tests read it.

export interface RequestRecord {
  /**
   * `sync`: a `context.sync()` (explicit, or Excel.run's final one); `cleanup`: the request
   * Excel.run sends at its end to release tracked objects; `internal`: office.js start-up.
   */
  kind: 'sync' | 'cleanup' | 'internal';
  /** 1-based sync number (0 for cleanup and internal requests). */
  sync: number;
  requestBytes: number;
  responseBytes: number;
  actions: number;
  outcome: 'ok' | 'error' | 'request-too-large' | 'response-too-large';
  error?: { code: string; message: string; location: string };
  /** Which Excel client sent it, when several share the workbook (co-authoring). */
  client?: string;
  /** The request body, kept only when the recorder's `keepBodies` is set. */
  body?: string;
}

/** Something the add-in asked for that the host does not model. */
export interface HostGap {
  sync: number;
  what: string;
  message: string;
}

/** Totals over some requests, as benchmarks report them. */
export interface SyncSummary {
  /** `context.sync()` round trips. */
  syncs: number;
  /** All round trips the add-in caused (syncs and Excel.run's cleanup requests). */
  requests: number;
  totalRequestBytes: number;
  maxRequestBytes: number;
  totalResponseBytes: number;
  maxResponseBytes: number;
  errors: number;
}

/**
 * Sums request records into sync counts and sizes.
 * @example summarize(recorder.since(mark)).syncs // 3
 */
export function summarize(records: readonly RequestRecord[]): SyncSummary {
  const counted = records.filter((r) => r.kind !== 'internal');
  return {
    syncs: counted.filter((r) => r.kind === 'sync').length,
    requests: counted.length,
    totalRequestBytes: counted.reduce((n, r) => n + r.requestBytes, 0),
    maxRequestBytes: Math.max(0, ...counted.map((r) => r.requestBytes)),
    totalResponseBytes: counted.reduce((n, r) => n + r.responseBytes, 0),
    maxResponseBytes: Math.max(0, ...counted.map((r) => r.responseBytes)),
    errors: counted.filter((r) => r.outcome !== 'ok').length,
  };
}

export class Recorder {
  readonly requests: RequestRecord[] = [];
  readonly gaps: HostGap[] = [];
  /** Keep each request's body (for debugging what the client sent). */
  keepBodies = false;
  private syncs = 0;

  nextSync(): number {
    return ++this.syncs;
  }

  get syncCount(): number {
    return this.syncs;
  }

  /** A position to measure from: `summarize(recorder.since(mark))`. */
  mark(): number {
    return this.requests.length;
  }

  since(mark: number): RequestRecord[] {
    return this.requests.slice(mark);
  }

  summary(): SyncSummary {
    return summarize(this.requests);
  }

  reset(): void {
    this.requests.length = 0;
    this.gaps.length = 0;
    this.syncs = 0;
  }
}

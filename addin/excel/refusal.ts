/**
 * Why a check or Clear did not start, said before anything was written: a protected sheet, a
 * workbook whose structure is protected (a check adds sheets, Clear deletes them), or a used
 * range far larger than a ledger (a stray cell far out).
 */
export type RefusalReason = 'protected' | 'workbook-protected' | 'too-large';

/** A check or Clear refused up front (nothing written); outcome.ts says it in the clerk's words. */
export class CheckRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly sheet: string,
    /** For 'too-large': the used range's address (without the sheet), rows and columns. */
    readonly extent?: { range: string; rows: number; columns: number },
  ) {
    super(`${reason}: ${sheet}`);
    this.name = 'CheckRefused';
  }
}

/** A check that failed part way: `restored` says whether what it wrote was taken back. */
export class CheckFailed extends Error {
  constructor(
    override readonly cause: unknown,
    readonly restored: boolean,
    /** A co-author cleared or re-checked the sheet meanwhile; the sheet was then cleared. */
    readonly coAuthor = false,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'CheckFailed';
  }

  /** Excel's error code (AccessDenied, GeneralException…), when Excel gave one. */
  get code(): string {
    return String((this.cause as { code?: unknown })?.code ?? '');
  }
}

/**
 * A submission the server stored whose results Excel then did not take (a cell being edited, a
 * refused round trip): said as stored, with the version, so the clerk presses 报送 again to write
 * them (the ledger's own key: not stored twice) rather than fear it was lost.
 */
export class SubmittedNotShown extends Error {
  constructor(
    override readonly cause: unknown,
    readonly version: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SubmittedNotShown';
  }
}

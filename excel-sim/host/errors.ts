// Errors the simulated host answers with. `ExcelError` is an error real Excel would also return
// (its code reaches the add-in as OfficeExtension.Error.code); `NotModelledError` means this
// host does not simulate what was asked, so a test must not pass silently over it.

/** Excel's error codes used by the host (the client's `Excel.ErrorCodes` values). */
export type ExcelErrorCode =
  | 'InvalidArgument'
  | 'InvalidReference'
  | 'InvalidOperation'
  | 'InvalidObjectPath'
  | 'ItemNotFound'
  | 'ItemAlreadyExists'
  | 'GeneralException'
  | 'NotImplemented'
  | 'AccessDenied'
  | 'MergedRangeConflict'
  | 'InsertDeleteConflict'
  | 'UnsupportedOperation'
  | 'ApiNotFound'
  | 'InvalidOperationInCellEditMode';

/**
 * An error Excel itself would answer with.
 * @example throw new ExcelError('ItemNotFound', 'The worksheet "X" does not exist.');
 */
export class ExcelError extends Error {
  override readonly name = 'ExcelError';
  constructor(
    readonly code: ExcelErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Something the add-in asked for that this host does not model. Answered as `NotImplemented`
 * and recorded as a gap, so tests can assert that none occurred.
 * @example throw new NotModelledError('Range.getSpecialCells');
 */
export class NotModelledError extends Error {
  override readonly name = 'NotModelledError';
  constructor(readonly what: string, detail = '') {
    super(`[simulated Excel] ${what} is not modelled by the simulated host${detail ? `: ${detail}` : ''}`);
  }
}

export function invalidArgument(message: string): ExcelError {
  return new ExcelError('InvalidArgument', message);
}
export function itemNotFound(message = 'The requested resource doesn\'t exist.'): ExcelError {
  return new ExcelError('ItemNotFound', message);
}

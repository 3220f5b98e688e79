// Excel.Workbook (the root of every request) and Excel.Application.
import type { WorkbookModel } from '../workbook.js';
import { COMMENT_COLLECTION } from './comment-api.js';
import { NAME_COLLECTION } from './names-api.js';
import { NOTE_COLLECTION } from './note-api.js';
import { rangeRef } from './range-api.js';
import { RANGE_AREAS } from './range-areas-api.js';
import { TABLE_COLLECTION } from './table-api.js';
import { WORKSHEET_COLLECTION } from './worksheet-api.js';
import { define, int, ref, type ApiClass } from './types.js';
import { dateSerial, DAYS_1904 } from '../number-format.js';
import { ExcelError } from '../errors.js';

export const APPLICATION: ApiClass<WorkbookModel> = define<WorkbookModel>({
  name: 'Application',
  props: {
    CalculationMode: {
      get: () => 'Automatic',
      set: () => undefined,
    },
  },
  methods: {
    // Calculation is immediate in the simulated workbook: these only need to be accepted.
    Calculate: () => undefined,
    SuspendApiCalculationUntilNextSync: () => undefined,
    SuspendScreenUpdatingUntilNextSync: () => undefined,
  },
});

/** Excel.WorkbookProtection (ExcelApi 1.7): the structure's protection; passwords are not modelled. */
export const WORKBOOK_PROTECTION: ApiClass<WorkbookModel> = define<WorkbookModel>({
  name: 'WorkbookProtection',
  props: { Protected: { get: (wb) => wb.structureProtected } },
  methods: {
    Protect: (wb) => {
      if (wb.structureProtected) throw new ExcelError('InvalidOperation', 'The workbook is already protected.');
      wb.structureProtected = true;
    },
    Unprotect: (wb) => {
      wb.structureProtected = false;
    },
  },
});

/** Excel.FunctionResult: a worksheet function's answer (`error` null unless it failed). */
const FUNCTION_RESULT: ApiClass<{ value: number }> = define<{ value: number }>({
  name: 'FunctionResult',
  props: { Value: { get: (r) => r.value }, Error: { get: () => null } },
});

/**
 * Excel.Functions (ExcelApi 1.2), the one worksheet function an add-in asks here: DATE, in the
 * workbook's date system (DATE(1904,1,1) is 0 in a 1904 workbook, 1,462 in the 1900 system's).
 */
const FUNCTIONS: ApiClass<WorkbookModel> = define<WorkbookModel>({
  name: 'Functions',
  methods: {
    Date: (wb, args) => {
      const [y, m, d] = args.map((a, i) => int(a, ['year', 'month', 'day'][i] ?? 'date'));
      return ref(FUNCTION_RESULT, { value: dateSerial(y!, m!, d!) - (wb.date1904 ? DAYS_1904 : 0) });
    },
  },
});

export const WORKBOOK: ApiClass<WorkbookModel> = define<WorkbookModel>({
  name: 'Workbook',
  props: {
    Name: { get: (wb) => wb.fileName },
    ReadOnly: { get: () => false },
  },
  navs: {
    Worksheets: () => ref(WORKSHEET_COLLECTION, {}),
    Names: () => ref(NAME_COLLECTION, {}),
    Tables: () => ref(TABLE_COLLECTION, {}),
    Comments: () => ref(COMMENT_COLLECTION, {}),
    Notes: () => ref(NOTE_COLLECTION, {}),
    Application: (wb) => ref(APPLICATION, wb),
    Protection: (wb) => ref(WORKBOOK_PROTECTION, wb),
    Functions: (wb) => ref(FUNCTIONS, wb),
  },
  methods: {
    GetSelectedRange: (wb) => rangeRef(wb.active, wb.active.selection),
    GetSelectedRanges: (wb) => ref(RANGE_AREAS, { sheet: wb.active, areas: [wb.active.selection] }),
    GetActiveCell: (wb) => rangeRef(wb.active, { ...wb.active.selection, r1: wb.active.selection.r0, c1: wb.active.selection.c0 }),
  },
});

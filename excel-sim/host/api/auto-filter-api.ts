// Excel.AutoFilter (ExcelApi 1.9) on a worksheet, bound to auto-filter.ts.
import { ExcelError, invalidArgument } from '../errors.js';
import { applyFilter, showAll, toCriteria } from '../auto-filter.js';
import type { SheetModel } from '../sheet.js';
import { RANGE, rangeArg, rangeRef } from './range-api.js';
import { define, int, ref, type ApiClass } from './types.js';

export const AUTO_FILTER: ApiClass<SheetModel> = define<SheetModel>({
  name: 'AutoFilter',
  props: {
    Enabled: { get: (s) => s.autoFilter !== null },
    IsDataFiltered: { get: (s) => (s.autoFilter?.criteria.size ?? 0) > 0 },
    // One criteria object per column of the filter range (empty for a column not filtered).
    Criteria: { get: (s) => (s.autoFilter ? Array.from({ length: s.autoFilter.rect.c1 - s.autoFilter.rect.c0 + 1 }, (_, i) => s.autoFilter!.criteria.get(i) ?? {}) : []) },
  },
  methods: {
    Apply: (s, [range, columnIndex, criteria], ctx) => {
      const r = rangeArg(range, ctx, s);
      if (r.sheet !== s) throw new ExcelError('InvalidReference', 'The AutoFilter range is on another worksheet.');
      if (!s.autoFilter || JSON.stringify(s.autoFilter.rect) !== JSON.stringify(r.rect)) {
        showAll(s);
        s.autoFilter = { rect: r.rect, criteria: new Map() };
      }
      if (columnIndex !== undefined && columnIndex !== null) {
        const i = int(columnIndex, 'columnIndex');
        if (i < 0 || i > r.rect.c1 - r.rect.c0) throw invalidArgument('The column index is outside the AutoFilter range.');
        s.autoFilter.criteria.set(i, toCriteria(criteria));
      }
      applyFilter(ctx.wb, s);
    },
    Reapply: (s, _a, ctx) => applyFilter(ctx.wb, s),
    ClearCriteria: (s) => {
      showAll(s);
      s.autoFilter?.criteria.clear();
    },
    ClearColumnCriteria: (s, [columnIndex], ctx) => {
      s.autoFilter?.criteria.delete(int(columnIndex, 'columnIndex'));
      showAll(s);
      applyFilter(ctx.wb, s);
    },
    Remove: (s) => {
      showAll(s);
      s.autoFilter = null;
    },
    GetRange: (s) => {
      if (!s.autoFilter) throw new ExcelError('ItemNotFound', 'The worksheet has no AutoFilter.');
      return rangeRef(s, s.autoFilter.rect);
    },
    GetRangeOrNullObject: (s) => (s.autoFilter ? rangeRef(s, s.autoFilter.rect) : ref(RANGE, null)),
  },
});

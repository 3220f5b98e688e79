import type { Diagnostic } from '../shared/schema/report.js';
import type { Principal } from './env.js';

// What a unit token reads of a near-duplicate found in another unit: that there is one, and
// where in its own ledger; never the other unit's name, text, place, key or the similarity
// (a score would let a unit test guesses of another unit's wording).
const REDACTED = {
  message: '与其他单位的事项高度雷同。请结合本单位实际，写明本单位的具体问题。',
  messageEn: 'Highly similar to an item of another unit. Describe this unit’s own problem in its own terms.',
};

/** A unit token's view of diagnostics: near-duplicates of other units' items without their details. */
export function redactDiagnostics<D extends Diagnostic>(diagnostics: D[], principal: Principal): D[] {
  if (principal.role === 'county') return diagnostics;
  return diagnostics.map((d) => {
    if (d.code !== 'near-duplicate' || d.details?.otherUnit === principal.unitName) return d;
    const { details: _details, ...own } = d;
    return { ...own, ...REDACTED } as D;
  });
}

interface ReportLike {
  sheets: { items: { diagnostics: Diagnostic[] }[] }[];
  crossUnit: unknown[];
}

/** A unit token's view of a report: items' near-duplicates redacted, no cross-unit pairs. The county sees all. */
export function redactReport<R extends ReportLike>(report: R, principal: Principal): R {
  if (principal.role === 'county') return report;
  return {
    ...report,
    crossUnit: [],
    sheets: report.sheets.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, diagnostics: redactDiagnostics(i.diagnostics, principal) })) })),
  };
}

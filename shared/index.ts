/** The pure core: grids in, reports out. No I/O, no Office, no Workers, no Node APIs. */
export * from './schema/grid.js';
export * from './schema/report.js';
export * from './campaign.js';
export * from './dates.js';
export * from './columns.js';
export * from './enrichment.js';
export { checkWorkbooks, type CheckOptions } from './check.js';
export { findNearDuplicates, type DescriptionEntry, type NearMatch } from './near-duplicate.js';
export { assessUnit, type UnitFacts } from './attention.js';
export { timelinessOf } from './timeliness.js';
export { isVagueDescription, isVagueMeasures } from './vague.js';
export { normaliseDeadline } from './deadline.js';
export { readStatus, readClosedOut } from './status.js';
export { itemKey } from './key.js';
export { DIAGNOSTICS, type DiagnosticCode } from './diagnostics/catalog.js';
export { isDateFormat } from './sheet-view.js';
export { detectHeader } from './header.js';
export { SheetView } from './sheet-view.js';

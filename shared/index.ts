/** The pure core: grids in, reports out. No I/O, no Office, no Workers, no Node APIs. */
export * from './schema/grid.js';
export * from './schema/report.js';
export * from './campaign.js';
export * from './dates.js';
export * from './columns.js';
export * from './enrichment.js';
export { checkWorkbooks, type CheckOptions } from './check.js';

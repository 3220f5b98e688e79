import type { Campaign } from './campaign.js';
import type { WorkbookInput } from './schema/grid.js';
import type { Report } from './schema/report.js';

export interface CheckOptions {
  /** Defaults to DEFAULT_CAMPAIGN. */
  campaign?: Campaign;
  /** ISO date; defaults to today in the campaign's time zone. */
  asOf?: string;
  /** The unit, given explicitly (add-in setting, CLI flag, API); wins over every other source. */
  unit?: string;
}

/**
 * Checks workbooks together: every sheet read, every item diagnosed, cross-unit checks and
 * key attention across all of them. Never throws for a bad ledger; bad ledgers are diagnostics.
 */
export function checkWorkbooks(_workbooks: WorkbookInput[], _options: CheckOptions = {}): Report {
  throw new Error('WIP: being written now');
}

// Apart from schema/report.ts (zod), so the core's check imports no schema library.
/** Field names of SPEC section 3, in the order a ledger usually has them. */
export const FIELDS = [
  'seq', 'unit', 'source', 'category', 'description', 'cause', 'measures', 'goal', 'leader', 'dept',
  'person', 'deadline', 'progress', 'status', 'completedOn', 'closedOut', 'closedOn', 'evidence',
  'institution', 'remarks',
] as const;

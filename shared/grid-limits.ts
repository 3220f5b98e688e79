/**
 * The most a grid read for a local check may span (every sheet's used range together): five
 * million cells, 100,000 rows of 50 columns, four times the widest county aggregate. ledger-check
 * refuses a file past it, the add-in a sheet; a stray cell far out (XFD1048576) is what passes it.
 * A module of its own: the add-in's ribbon bundle takes it without zod.
 */
export const LOCAL_GRID_LIMITS = { rows: 1_048_576, cells: 5_000_000 } as const;

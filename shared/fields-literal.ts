import type { Field } from './schema/report.js';

/**
 * Fields objects written as object literals for the usual layouts: a row's fields copied from a
 * template are set by name at run time (a keyed store per cell, through V8's megamorphic cache)
 * on an object the collector copies twice; a literal is one allocation in its final shape from
 * a site V8 may place straight in the old generation. Measured on the bench's 100,000 rows
 * (readLedgerSheet, separate processes alternated): about a sixth of the read's CPU.
 * A layout is the sheet's fields in column order; only rows whose filled cells are the layout's
 * first k columns (k = n, n-1, n-2, n-3: the later columns, 状态/完成时间/佐证材料, are the ones
 * left empty) take a literal, every other row the general copy (ItemRows.fieldsObject).
 */
export type FieldsLiteral = (t: readonly string[], mask: number) => Record<string, string> | undefined;

/** The county aggregate: 序号 单位 类别 描述 原因 措施 领导 责任人 时限 状态 完成时间 佐证材料. */
const AGGREGATE = 'seq,unit,category,description,cause,measures,leader,person,deadline,status,completedOn,evidence';
/** A unit's own ledger: the same without the unit column. */
const UNIT = 'seq,category,description,cause,measures,leader,person,deadline,status,completedOn,evidence';

function aggregate(t: readonly string[], mask: number): Record<string, string> | undefined {
  switch (mask) {
    case 0xfff: return { seq: t[0]!, unit: t[1]!, category: t[2]!, description: t[3]!, cause: t[4]!, measures: t[5]!, leader: t[6]!, person: t[7]!, deadline: t[8]!, status: t[9]!, completedOn: t[10]!, evidence: t[11]! };
    case 0x7ff: return { seq: t[0]!, unit: t[1]!, category: t[2]!, description: t[3]!, cause: t[4]!, measures: t[5]!, leader: t[6]!, person: t[7]!, deadline: t[8]!, status: t[9]!, completedOn: t[10]! };
    case 0x3ff: return { seq: t[0]!, unit: t[1]!, category: t[2]!, description: t[3]!, cause: t[4]!, measures: t[5]!, leader: t[6]!, person: t[7]!, deadline: t[8]!, status: t[9]! };
    case 0x1ff: return { seq: t[0]!, unit: t[1]!, category: t[2]!, description: t[3]!, cause: t[4]!, measures: t[5]!, leader: t[6]!, person: t[7]!, deadline: t[8]! };
    default: return undefined;
  }
}

function unit(t: readonly string[], mask: number): Record<string, string> | undefined {
  switch (mask) {
    case 0x7ff: return { seq: t[0]!, category: t[1]!, description: t[2]!, cause: t[3]!, measures: t[4]!, leader: t[5]!, person: t[6]!, deadline: t[7]!, status: t[8]!, completedOn: t[9]!, evidence: t[10]! };
    case 0x3ff: return { seq: t[0]!, category: t[1]!, description: t[2]!, cause: t[3]!, measures: t[4]!, leader: t[5]!, person: t[6]!, deadline: t[7]!, status: t[8]!, completedOn: t[9]! };
    case 0x1ff: return { seq: t[0]!, category: t[1]!, description: t[2]!, cause: t[3]!, measures: t[4]!, leader: t[5]!, person: t[6]!, deadline: t[7]!, status: t[8]! };
    case 0xff: return { seq: t[0]!, category: t[1]!, description: t[2]!, cause: t[3]!, measures: t[4]!, leader: t[5]!, person: t[6]!, deadline: t[7]! };
    default: return undefined;
  }
}

/** The literal builder for a layout (its fields in column order), if it is one of the usual ones. */
export function fieldsLiteral(fields: readonly Field[]): FieldsLiteral | undefined {
  const layout = fields.join(',');
  return layout === AGGREGATE ? aggregate : layout === UNIT ? unit : undefined;
}

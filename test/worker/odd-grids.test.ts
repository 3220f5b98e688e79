import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, issueToken, ledger } from './helpers.js';

let unit: string;

beforeAll(async () => {
  unit = await issueToken('unit', '儒林镇');
});

const base = () => ledger('儒林镇', [{ description: concrete('儒林镇', 1) }]);

// Grids that pass the schema but are strange: the server answers 201 or 422, never 500.
const ODD: [string, object][] = [
  ['an empty sheet', { sheet: 'S', values: [] }],
  ['a sheet of empty rows', { sheet: 'S', values: [[], [], []] }],
  ['rows of different lengths', { ...base(), values: base().values.map((r, i) => r.slice(0, 3 + i)) }],
  ['a text grid larger than the values', { ...base(), text: Array.from({ length: 10 }, () => Array(30).fill('x')) }],
  ['a formats grid smaller than the values', { ...base(), formats: [['General']] }],
  ['a merge past the data', { ...base(), merges: [{ top: 50, left: 50, bottom: 60, right: 60 }] }],
  ['an inverted merge', { ...base(), merges: [{ top: 4, left: 4, bottom: 2, right: 2 }] }],
  ['a hidden column far to the right', { ...base(), hiddenColumns: [16384, 2_000_000_000] }],
  ['a grid that starts far down and right', { ...base(), top: 1_000_000, left: 16_000 }],
  ['huge and tiny numbers as dates', { ...base(), values: base().values.map((r, i) => (i === 2 ? r.map((v, j) => (j === 7 ? 1e308 : v)) : r)), formats: [[], [], Array(11).fill('yyyy-mm-dd')] }],
  ['booleans everywhere', { sheet: 'S', values: [[true, false], [false, true]] }],
  ['a header row only', { sheet: 'S', values: [base().values[1]!] }],
];

describe('odd but well-formed grids', () => {
  for (const [name, grid] of ODD) {
    it(`${name} gets a 201 or a 422, never a 500`, async () => {
      const res = await api('POST', '/api/v1/submissions', { token: unit, json: { file: 'odd.xlsx', sheets: [grid] } });
      expect([201, 422], await res.clone().text()).toContain(res.status);
    });
  }
});

import { scanXml } from './parts.js';
import { attr } from './xml.js';

// Excel 365's pictures placed in cells (放置在单元格中), read from the workbook's rich value parts;
// what such a cell reads as, and WPS's pictures in cells, are shared/cell-picture.ts.

// Rich value structures that are pictures: one inserted with 放置在单元格中 (Place in Cell), and
// one IMAGE() fetched from the web.
const PICTURE_STRUCTURES = new Set(['_localImage', '_webimage']);

/**
 * The value-metadata indices (a cell's `vm`, 1-based) that stand for pictures placed in cells
 * (Excel 365): the cell itself keeps #VALUE!, and its vm leads through xl/metadata.xml (its
 * valueMetadata block's record of the XLRICHVALUE type, whose futureMetadata block names a rich
 * value) to xl/richData's rich value and that value's structure, whose type says picture. Empty
 * when any of the three parts is missing: a cell then reads as the error it keeps.
 */
export function pictureValueIndices(metadata: string, richValues: string | undefined, structures: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!richValues || !structures) return out;
  const structureTypes: string[] = [];
  scanXml(structures, { open: (name, attrs) => void (name === 's' && structureTypes.push(attr(attrs, 't') ?? '')), close() {}, text() {} });
  const valueStructures: number[] = [];
  scanXml(richValues, { open: (name, attrs) => void (name === 'rv' && valueStructures.push(Number(attr(attrs, 's') ?? -1))), close() {}, text() {} });

  const typeNames: string[] = [];
  // futureMetadata XLRICHVALUE: each block's rich value index; valueMetadata: each block's records [type, value].
  const richValueOf: number[] = [];
  const valueBlocks: [type: number, v: number][][] = [];
  let section: 'future' | 'value' | undefined;
  scanXml(metadata, {
    open(name, attrs) {
      if (name === 'metadataType') typeNames.push(attr(attrs, 'name') ?? '');
      else if (name === 'futureMetadata') section = attr(attrs, 'name') === 'XLRICHVALUE' ? 'future' : undefined;
      else if (name === 'valueMetadata') section = 'value';
      else if (name === 'bk' && section === 'future') richValueOf.push(-1);
      else if (name === 'bk' && section === 'value') valueBlocks.push([]);
      else if (name === 'rvb' && section === 'future' && richValueOf.length) richValueOf[richValueOf.length - 1] = Number(attr(attrs, 'i') ?? -1);
      else if (name === 'rc' && section === 'value' && valueBlocks.length) valueBlocks.at(-1)!.push([Number(attr(attrs, 't') ?? 0), Number(attr(attrs, 'v') ?? -1)]);
    },
    close(name) {
      if (name === 'futureMetadata' || name === 'valueMetadata') section = undefined;
    },
    text() {},
  });
  valueBlocks.forEach((records, k) => {
    for (const [type, v] of records) {
      if (typeNames[type - 1] !== 'XLRICHVALUE') continue;
      const structure = structureTypes[valueStructures[richValueOf[v] ?? -1] ?? -1];
      if (structure !== undefined && PICTURE_STRUCTURES.has(structure)) out.add(k + 1);
    }
  });
  return out;
}

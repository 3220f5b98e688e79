import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers.js';
import { seedDemoCounty } from './demo-seed.js';

// What Word and WPS do with the office's documents when printed, read from their XML (found by
// rendering them): a picture in a paragraph of exact line height is cut to that height; a table
// row may break across pages unless told not to; official documents carry page numbers.
const ASOF = '2023-06-30';
let county: string;
const OFFICE = '中共城步苗族自治县委巡察工作领导小组办公室';

beforeAll(async () => {
  ({ county } = await seedDemoCounty());
});

async function docx(path: string): Promise<Record<string, string>> {
  const res = await api('GET', path, { token: county, today: ASOF });
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels')).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** What every document of the office's holds: rows kept whole, page numbers, Chinese as its language, the office as its author. */
function expectOfficial(files: Record<string, string>, what: string) {
  const xml = files['word/document.xml']!;
  const rows = [...xml.matchAll(/<w:tr\b.*?<\/w:tr>/gs)].map((m) => m[0]);
  expect(rows.length, what).toBeGreaterThan(1);
  for (const row of rows) expect(row, what).toContain('<w:cantSplit/>');
  const footers = Object.entries(files).filter(([name]) => /^word\/footer\d*\.xml$/.test(name)).map(([, x]) => x);
  expect(footers.some((f) => /<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>|w:instr="\s*PAGE\s*"/.test(f)), what).toBe(true);
  expect(xml, what).toMatch(/<w:footerReference [^>]*w:type="default"/);
  expect(files['word/styles.xml'], what).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
  expect(files['docProps/core.xml'], what).toContain(`<cp:lastModifiedBy>${OFFICE}</cp:lastModifiedBy>`);
  // Its Chinese fonts declared, so Word on a PC without 仿宋_GB2312 (Windows ships 仿宋) takes the
  // alternative rather than a font of its own choosing.
  const fonts = files['word/fontTable.xml']!;
  expect(fonts, what).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/><w:charset w:val="86"\/>/);
  for (const face of ['黑体', '宋体']) expect(fonts, what).toMatch(new RegExp(`<w:font w:name="${face}">.*?<w:charset w:val="86"/>`));
}

describe('the office\'s Word documents as printed', () => {
  it('the bulletin: its chart shown whole (its paragraph not of exact line height), described in Chinese', async () => {
    const files = await docx(`/api/v1/reports/bulletin.docx?asOf=${ASOF}`);
    expectOfficial(files, 'bulletin');
    const xml = files['word/document.xml']!;
    // The document's lines are exact (28 pt, as official documents set them); the chart's is not.
    expect(files['word/styles.xml']).toMatch(/w:lineRule="exact"/);
    const chartParagraph = [...xml.matchAll(/<w:p\b(?:(?!<\/w:p>).)*<w:drawing>.*?<\/w:p>/gs)].map((m) => m[0]);
    expect(chartParagraph).toHaveLength(1);
    expect(chartParagraph[0]).toMatch(/<w:spacing [^>]*w:lineRule="auto"/);
    const descr = /<wp:docPr [^>]*descr="([^"]*)"/.exec(chartParagraph[0]!)?.[1] ?? '';
    expect(descr).toMatch(/^各单位整改事项时效情况/);
    expect(descr).not.toMatch(/[A-Za-z]{3,}/);
    // Its labels in the body's Chinese font and language (docx wrote en-US and the theme's East Asian font, 等线 in Word).
    const chart = Object.entries(files).find(([name]) => /^word\/charts\/chart\d*\.xml$/.test(name))![1];
    expect(chart).toContain('<c:lang val="zh-CN"/>');
    expect(chart).not.toContain('+mn-ea');
    expect(chart).toContain('<a:ea typeface="仿宋_GB2312"/>');
  });

  it('a letter: its table rows kept whole, page numbers, item codes in 小五 (one line, not three)', async () => {
    const files = await docx(`/api/v1/reminders/${encodeURIComponent('西岩镇')}/letter.docx?asOf=${ASOF}&kind=reminder`);
    expectOfficial(files, 'letter');
    const codeCells = [...files['word/document.xml']!.matchAll(/<w:tc\b(?:(?!<\/w:tc>).)*?>ZG-[A-Z2-7]{14}<\/w:t>.*?<\/w:tc>/gs)].map((m) => m[0]);
    expect(codeCells.length).toBeGreaterThan(0);
    for (const c of codeCells) expect(c).toContain('<w:sz w:val="18"/>');
  });
});

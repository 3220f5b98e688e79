import {
  AlignmentType, BorderStyle, Document, Footer, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType,
  type IRunOptions, type IStylesOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/**
 * The pieces official documents are made of, for docx: Chinese text in 仿宋_GB2312 (body) and
 * 宋体/黑体 (headings) set as the east-Asian font, which Word and WPS both carry; Latin text and
 * digits in Times New Roman. Sizes in half-points: 三号 = 32, 二号 = 44, 小四 = 24.
 */
export const FONT = { body: '仿宋_GB2312', heading: '黑体', title: '宋体' } as const;
export const SIZE = { title: 44, body: 32, small: 24, table: 21, code: 18 } as const;

function font(eastAsia: string) {
  return { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia, cs: 'Times New Roman' };
}

/**
 * Document defaults: body text in 仿宋_GB2312 三号, its lines exactly 28 pt as official documents
 * set them (a picture's paragraph sets its own: Word cuts a drawing to an exact line's height),
 * Chinese its language (Word and WPS check spelling and break lines by it).
 */
export const DOC_STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: font(FONT.body), size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
      paragraph: { spacing: { line: 560, lineRule: 'exact' } },
    },
  },
};

export function run(text: string, opts: Omit<IRunOptions, 'text' | 'font'> & { face?: string } = {}): TextRun {
  const { face, ...rest } = opts;
  return new TextRun({ ...rest, text, font: font(face ?? FONT.body) });
}

/** A body paragraph, first line indented two characters as official documents do. */
export function para(text: string | TextRun[], opts: { indent?: boolean; align?: 'left' | 'right' | 'center'; face?: string; bold?: boolean } = {}): Paragraph {
  const children = typeof text === 'string' ? [run(text, { face: opts.face, bold: opts.bold })] : text;
  const alignment = opts.align === 'right' ? AlignmentType.RIGHT : opts.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED;
  return new Paragraph({ children, alignment, indent: opts.indent === false ? undefined : { firstLine: 640 } });
}

export function title(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240, line: 700, lineRule: 'exact' }, children: [run(text, { face: FONT.title, bold: true, size: SIZE.title })] });
}

/** The red letterhead line with the rule under it (红头). */
export function letterhead(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 360, line: 800, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.THICK, size: 18, color: 'C00000', space: 6 } },
    children: [run(text, { face: FONT.title, bold: true, size: SIZE.title, color: 'C00000' })],
  });
}

export function heading(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: 640 }, children: [run(text, { face: FONT.heading })] });
}

/** A plain table with a header row, text in 仿宋 五号, full width. */
export function table(header: string[], rows: (string | number)[][], widths?: number[], options: { codes?: number[] } = {}): Table {
  // Columns of codes (事项编号: ZG- and 14 letters) in 小五 so a code keeps to one line or two, not three.
  const size = (head: boolean, i: number) => (!head && options.codes?.includes(i) ? SIZE.code : SIZE.table);
  const cell = (text: string | number, head: boolean, i: number) =>
    new TableCell({
      verticalAlign: VerticalAlign.CENTER,
      ...(widths ? { width: { size: widths[i]!, type: WidthType.PERCENTAGE } } : {}),
      children: [new Paragraph({
        alignment: head || typeof text === 'number' ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { line: 320, lineRule: 'atLeast' },
        children: [run(String(text), { size: size(head, i), bold: head, face: head ? FONT.heading : FONT.body })],
      })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      // Rows kept whole across pages (Word splits them by default), the header repeated on each.
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, false, i)) })),
    ],
  });
}

/** A4 with the margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), in twips. */
export const A4_PAGE = { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } };

/** The page number as GB/T 9704 writes it: — 1 —, in 宋体 四号 (28 half-points), centred under the text. */
function pageFooter(): Footer {
  return new Footer({
    children: [new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONT.title), size: 28 })],
    })],
  });
}

/** An office document: A4 with page numbers, the office its author, the house styles. */
export function officialDocument(o: { office: string; title: string; children: (Paragraph | Table)[] }): Document {
  return new Document({
    creator: o.office,
    lastModifiedBy: o.office,
    title: o.title,
    styles: DOC_STYLES,
    sections: [{ properties: { page: A4_PAGE }, footers: { default: pageFooter() }, children: o.children }],
  });
}

/**
 * The fonts' table entries docx leaves out: each Chinese face with its character set (GB2312) and,
 * for 仿宋_GB2312, which Windows does not ship, 仿宋, which it does, so Word on a PC without it
 * takes 仿宋 rather than a face of its own choosing (WPS maps it alike).
 */
const FONT_TABLE = [
  `<w:font w:name="${FONT.body}"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`,
  `<w:font w:name="${FONT.heading}"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`,
  `<w:font w:name="${FONT.title}"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
  '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>',
].join('');

/**
 * An office document's bytes: docx's, with the fonts declared (FONT_TABLE) and each chart's text
 * in the body's Chinese face and language (docx writes en-US and the theme's East Asian face).
 */
export async function packOfficial(doc: Document): Promise<Uint8Array<ArrayBuffer>> {
  const files = unzipSync(new Uint8Array(await Packer.toArrayBuffer(doc)));
  const edit = (name: string, change: (xml: string) => string) => {
    if (files[name]) files[name] = strToU8(change(strFromU8(files[name])));
  };
  // docx writes the table empty, as <w:fonts …/>.
  edit('word/fontTable.xml', (xml) => (xml.includes('</w:fonts>') ? xml.replace('</w:fonts>', `${FONT_TABLE}</w:fonts>`) : xml.replace(/(<w:fonts\b[^>]*?)\s*\/>/, `$1>${FONT_TABLE}</w:fonts>`)));
  for (const name of Object.keys(files).filter((n) => /^word\/charts\/chart\d*\.xml$/.test(n))) {
    edit(name, (xml) => xml.replaceAll('<c:lang val="en-US"/>', '<c:lang val="zh-CN"/>').replaceAll('<a:ea typeface="+mn-ea"/>', `<a:ea typeface="${FONT.body}"/>`));
  }
  return zipSync(files, { level: 6 }) as Uint8Array<ArrayBuffer>;
}

import { Paragraph } from 'docx';
import { letterhead, officialDocument, packOfficial, para, table, title } from './docx-parts.js';
import { chaseStateText, letterParagraphs, type Letter, type LetterKind } from './letter.js';
import { chineseDate } from './office.js';

const TITLE: Record<LetterKind, string> = { reminder: '催 办 函', notice: '工 作 提 示' };

/** The 催办函 / 工作提示 as a Word document (.docx bytes). */
export async function letterDocx(l: Letter): Promise<Uint8Array<ArrayBuffer>> {
  const { opening, todo } = letterParagraphs(l);
  const children: (Paragraph | ReturnType<typeof table>)[] = [
    letterhead(l.office.letterhead),
    title(TITLE[l.kind]),
    para(`${l.unit}：`, { indent: false }),
    para(opening),
  ];
  if (l.items.length) {
    children.push(table(
      ['序号', '事项编号', '问题描述', '整改时限', '情况'],
      l.items.map((it, i) => [i + 1, it.key, it.description, it.due ?? '—', chaseStateText(it)]),
      [6, 25, 34, 11, 24],
      { codes: [1] },
    ));
  }
  for (const t of todo) children.push(para(t));
  children.push(new Paragraph({ children: [] }), para(l.office.name, { align: 'right', indent: false }), para(chineseDate(l.asOf), { align: 'right', indent: false }));
  const doc = officialDocument({ office: l.office.name, title: `${l.unit}${TITLE[l.kind].replaceAll(' ', '')}`, children });
  return packOfficial(doc);
}

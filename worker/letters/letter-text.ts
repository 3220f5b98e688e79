import { chaseStateText, letterParagraphs, type Letter } from './letter.js';
import { chineseDate } from './office.js';

const TITLE = { reminder: '催办', notice: '工作提示' } as const;
/** WeCom takes 4096 bytes of markdown; DingTalk about as much. Keep clear of both. */
const MAX_BYTES = 3800;

/**
 * The letter as a group-robot message (markdown): the same opening, items and what to do as the
 * .docx, items cut to fit the robots' size limit with a line saying how many more the letter has.
 */
export function noticeMessage(l: Letter): { title: string; markdown: string } {
  const { opening, todo } = letterParagraphs(l);
  const title = `【${TITLE[l.kind]}】${l.unit}`;
  const head = [`### ${title}`, `**${l.unit}**：`, opening];
  const tail = [...todo, `${l.office.name}  ${chineseDate(l.asOf)}`];
  const bytes = (lines: string[]) => new TextEncoder().encode(lines.join('\n\n')).length;
  const lines: string[] = [];
  for (const [i, it] of l.items.entries()) {
    const line = `${i + 1}. ${it.key}：${it.description}——${chaseStateText(it)}`;
    const more = `……另有${l.items.length - i}项，详见书面通知。`;
    if (bytes([...head, ...lines, line, more, ...tail]) > MAX_BYTES) {
      lines.push(more);
      break;
    }
    lines.push(line);
  }
  return { title, markdown: [...head, ...lines, ...tail].join('\n\n') };
}

/**
 * Pictures placed in cells, which a 佐证材料 column often holds: the text such a cell reads as,
 * wherever the workbook was saved, rather than what the file keeps there in the picture's stead
 * (WPS's formula text, Excel's #VALUE!). Any other text would do for the checks (a picture is
 * evidence), but the county reads this one in its lists, letters and bulletin.
 */
export const PICTURE_TEXT = '[图片]';

// WPS's 嵌入单元格图片: the cell holds =DISPIMG("ID_…",1) as a formula and keeps the same text as
// its value, in .xlsx (t="str") and .et/.xls alike; the picture is in WPS's own part.
const DISPIMG = /^=DISPIMG\(\s*"[^"]*"\s*,\s*\d+\s*\)$/;

/** Whether a cell's text is WPS's stand-in for a picture in the cell. */
export function isWpsPicture(text: string): boolean {
  return text.charCodeAt(0) === 61 && DISPIMG.test(text);
}

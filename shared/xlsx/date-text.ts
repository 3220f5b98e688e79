/**
 * The text of a whole-day date under a date-only format (yyyy/m/d, yyyy-mm-dd, yyyy"年"m"月"d"日"),
 * without numfmt: ledgers hold thousands of such dates, and loading numfmt costs more than
 * formatting them all. Any other format or value returns undefined and goes to numfmt;
 * test/cli/date-text.test.ts checks every form read here against numfmt.
 */

type Token = 'yyyy' | 'yy' | 'm' | 'mm' | 'd' | 'dd' | { literal: string };

/** Characters a date format may show as themselves, unquoted. */
const PLAIN = new Set(['-', '/', '.', ' ', '年', '月', '日']);

/** Each format read once: its tokens (null: not a date-only format) and the texts made with it. */
const parsed = new Map<string, { tokens: Token[] | null; texts: Map<number, string> }>();
/** A ledger's dates repeat (one deadline for many items): each day's text is made once per format. */
const TEXTS_PER_FORMAT = 20_000;

/** A format's tokens when it is a date-only format read here; null otherwise. */
function tokensOf(format: string): Token[] | null {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    if (c === '"') {
      const end = format.indexOf('"', i + 1);
      if (end < 0) return null;
      tokens.push({ literal: format.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '\\' && i + 1 < format.length) {
      tokens.push({ literal: format[i + 1]! });
      i += 2;
    } else if (c === 'y' || c === 'm' || c === 'd') {
      let n = 1;
      while (format[i + n] === c) n++;
      const token = c === 'y' ? (n === 4 ? 'yyyy' : n === 2 ? 'yy' : null) : n <= 2 ? (c.repeat(n) as Token) : null;
      if (!token) return null; // yyy, mmm (month names), ddd (weekday names): numfmt's
      tokens.push(token);
      i += n;
    } else if (PLAIN.has(c)) {
      tokens.push({ literal: c });
      i++;
    } else return null; // time, colour, sections, digits…
  }
  return tokens.some((t) => typeof t === 'string') ? tokens : null;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * The date's text, or undefined when numfmt must say (another format, a time of day, a serial
 * before 1900-03-01 where Excel's 1900 leap-year day shifts days, or past 9999).
 * @example dateText('yyyy"年"m"月"d"日"', 45077) === '2023年5月31日'
 */
export function dateText(format: string, serial: number): string | undefined {
  if (!Number.isInteger(serial) || serial < 61 || serial > 2_958_465) return undefined;
  let known = parsed.get(format);
  if (known === undefined) {
    known = { tokens: tokensOf(format), texts: new Map() };
    if (parsed.size < 1000) parsed.set(format, known);
  }
  const tokens = known.tokens;
  if (!tokens) return undefined;
  const done = known.texts.get(serial);
  if (done !== undefined) return done;
  const date = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  let text = '';
  for (const t of tokens) {
    if (typeof t !== 'string') text += t.literal;
    else if (t === 'yyyy') text += String(y);
    else if (t === 'yy') text += two(y % 100);
    else if (t === 'm') text += String(m);
    else if (t === 'mm') text += two(m);
    else if (t === 'd') text += String(d);
    else text += two(d);
  }
  if (known.texts.size >= TEXTS_PER_FORMAT) known.texts.clear();
  known.texts.set(serial, text);
  return text;
}

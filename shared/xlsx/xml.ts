/**
 * A small, fast scanner for the XML Excel writes: tags and text in document order, read from
 * string chunks as they are inflated, so a sheet is never held whole as a string.
 * Namespace prefixes are dropped (`x:c` is `c`); comments, CDATA and processing instructions
 * are skipped (Excel writes none inside the parts read here).
 */
export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes XML's five named entities and numeric character references, after the line-end
 * normalisation every XML parser does (CR LF and a lone CR read as LF; &#13; stays a CR).
 */
export function decodeXml(raw: string): string {
  const text = raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
  if (text.indexOf('&') < 0) return text;
  return text.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

/** One attribute's decoded value from a tag's attribute text, or undefined. */
export function attr(attrs: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const i = attrs.indexOf(name, from);
    if (i < 0) return undefined;
    from = i + name.length;
    const before = attrs.charCodeAt(i - 1);
    // The name must stand alone (` r=`, not ` spr=` or `x:r=`… ExcelJS reads unprefixed names).
    if (i > 0 && before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let j = from;
    while (attrs.charCodeAt(j) === 32) j++;
    if (attrs[j] !== '=') continue;
    j++;
    while (attrs.charCodeAt(j) === 32) j++;
    const quote = attrs[j];
    if (quote !== '"' && quote !== "'") continue;
    const end = attrs.indexOf(quote, j + 1);
    if (end < 0) return undefined;
    return decodeXml(attrs.slice(j + 1, end));
  }
}

/** Feeds string chunks to a handler; a tag or text split across chunks waits for the next one. */
export class XmlScanner {
  private rest = '';

  constructor(private readonly handler: XmlHandler) {}

  push(chunk: string, final = false): void {
    const buf = this.rest + chunk;
    // Only up to the last '<' is complete (a tag may continue in the next chunk).
    const end = final ? buf.length : buf.lastIndexOf('<');
    if (end <= 0) {
      this.rest = buf;
      return;
    }
    this.scan(buf, end);
    this.rest = buf.slice(end);
  }

  private scan(buf: string, end: number): void {
    const h = this.handler;
    let pos = 0;
    while (pos < end) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0 || lt >= end) {
        h.text(decodeXml(buf.slice(pos, end)));
        return;
      }
      if (lt > pos) h.text(decodeXml(buf.slice(pos, lt)));
      const c = buf.charCodeAt(lt + 1);
      if (c === 33 /* ! */ || c === 63 /* ? */) {
        const close = buf.startsWith('<![CDATA[', lt) ? buf.indexOf(']]>', lt) : buf.startsWith('<!--', lt) ? buf.indexOf('-->', lt) : buf.indexOf('>', lt);
        if (close < 0) throw new Error('unterminated XML declaration or comment');
        if (buf.startsWith('<![CDATA[', lt)) h.text(buf.slice(lt + 9, close));
        pos = buf.indexOf('>', close) + 1;
        continue;
      }
      pos = this.tag(buf, lt);
    }
  }

  /** Reads the tag at `lt` and returns the position after it. */
  private tag(buf: string, lt: number): number {
    const closing = buf.charCodeAt(lt + 1) === 47; /* / */
    let i = closing ? lt + 2 : lt + 1;
    let nameStart = i;
    for (;;) {
      const c = buf.charCodeAt(i);
      if (c === 58 /* : */) nameStart = i + 1;
      else if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13 || Number.isNaN(c)) break;
      i++;
    }
    const name = buf.slice(nameStart, i);
    // The tag ends at the first '>' outside a quoted attribute value (a value may hold '>').
    let gt = i;
    for (;;) {
      const c = buf.charCodeAt(gt);
      if (c === 62) break;
      if (c === 34 || c === 39) gt = buf.indexOf(c === 34 ? '"' : "'", gt + 1);
      if (gt < 0 || Number.isNaN(c)) throw new Error(`malformed XML near "${buf.slice(lt, lt + 30)}"`);
      gt++;
    }
    if (name.length === 0) throw new Error(`malformed XML near "${buf.slice(lt, lt + 30)}"`);
    if (closing) {
      this.handler.close(name);
      return gt + 1;
    }
    const selfClosing = buf.charCodeAt(gt - 1) === 47;
    this.handler.open(name, buf.slice(i, selfClosing ? gt - 1 : gt), selfClosing);
    if (selfClosing) this.handler.close(name);
    return gt + 1;
  }
}

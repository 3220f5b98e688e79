/**
 * The text of a web page or an XML file as a system exported it: by its byte-order mark, else
 * the charset its <meta> or XML declaration names, else UTF-8 when the bytes are valid UTF-8,
 * else GB18030 (a superset of GBK and GB2312, what Chinese Windows systems write). A declared
 * UTF-8 that is not valid UTF-8 is read as GB18030 too: exports often declare what they do not
 * write.
 * @example markupText(readFileSync('导出.xls')) // '<html>…'
 */
export function markupText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  let head = '';
  for (const b of bytes.subarray(0, 2048)) head += String.fromCharCode(b);
  const declared = (/<meta[^>]*charset\s*=\s*["']?\s*([\w-]+)/i.exec(head) ?? /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head))?.[1]?.toLowerCase();
  if (declared && !/^utf-?8$/.test(declared)) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // a label TextDecoder does not know: guessed below
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

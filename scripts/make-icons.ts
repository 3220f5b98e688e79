// Draws the add-in's ribbon and app icons (16/32/80 px) as PNG files in addin/assets/.
//   npx tsx scripts/make-icons.ts
// Shapes are drawn in a 16-unit design space and scaled, with 4×4 supersampling for smooth edges.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];
type Shape = (x: number, y: number) => RGBA | null;

const BLUE: RGBA = [0, 95, 184, 255];
const PAPER: RGBA = [255, 255, 255, 255];
const GRID: RGBA = [150, 180, 210, 255];
const GREEN: RGBA = [16, 124, 16, 255];
const RED: RGBA = [196, 43, 28, 255];

const rect = (x0: number, y0: number, x1: number, y1: number, c: RGBA): Shape => (x, y) => (x >= x0 && x < x1 && y >= y0 && y < y1 ? c : null);
/** A thick segment from (ax,ay) to (bx,by) of half-width w. */
const line = (ax: number, ay: number, bx: number, by: number, w: number, c: RGBA): Shape => (x, y) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w ? c : null;
};

/** A ledger sheet: blue frame, white paper, a header band and grid lines. */
const sheet: Shape[] = [
  rect(1, 1, 15, 15, BLUE), rect(2, 2, 14, 14, PAPER), rect(2, 2, 14, 4.5, BLUE),
  rect(2, 7.5, 14, 8.2, GRID), rect(2, 10.8, 14, 11.5, GRID), rect(6, 4.5, 6.7, 14, GRID),
];
const ICONS: Record<string, Shape[]> = {
  check: [...sheet, line(7, 10, 9.5, 12.8, 1.3, GREEN), line(9.5, 12.8, 14.5, 6.5, 1.3, GREEN)],
  clear: [...sheet, line(8.5, 8, 14, 13.5, 1.2, RED), line(14, 8, 8.5, 13.5, 1.2, RED)],
  pane: [...sheet, rect(10, 4.5, 14, 14, BLUE), rect(10.8, 6, 13.2, 6.8, PAPER), rect(10.8, 8, 13.2, 8.8, PAPER), rect(10.8, 10, 13.2, 10.8, PAPER)],
};

function render(shapes: Shape[], size: number): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let py = 0; py < size; py++) {
    for (let pxx = 0; pxx < size; pxx++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) {
        const x = ((pxx + (sx + 0.5) / ss) / size) * 16;
        const y = ((py + (sy + 0.5) / ss) / size) * 16;
        let c: RGBA | null = null;
        for (const s of shapes) c = s(x, y) ?? c; // later shapes paint over earlier ones
        if (c) for (let k = 0; k < 3; k++) acc[k]! += c[k]! * c[3] / 255;
        if (c) acc[3]! += c[3];
      }
      const n = ss * ss;
      const a = acc[3]! / n;
      const o = (py * size + pxx) * 4;
      for (let k = 0; k < 3; k++) px[o + k] = a ? Math.round((acc[k]! / n) * 255 / a) : 0;
      px[o + 3] = Math.round(a);
    }
  }
  return png(size, px);
}

function png(size: number, rgba: Buffer): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
  return ~c >>> 0;
}

for (const [name, shapes] of Object.entries(ICONS)) {
  for (const size of [16, 32, 80]) writeFileSync(`addin/assets/icon-${name}-${size}.png`, render(shapes, size));
}
// The app icon (add-in list, store) is the check icon at 32, 64 and 128 px.
for (const size of [64, 128]) writeFileSync(`addin/assets/icon-check-${size}.png`, render(ICONS.check!, size));
console.log('icons written to addin/assets/');

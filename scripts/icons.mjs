// `node scripts/icons.mjs [outDir]` — draws the app icon in code and writes every size each OS needs into
// build/ (electron-builder's resources folder): icon.png (1024), icon.ico (Windows: 16-256), icon.icns (macOS:
// 16-1024) and icons/<N>x<N>.png (Linux). No image library: PNG is written with node:zlib, ICO and ICNS are
// simple containers of PNG images.
//
// The picture: a Visual Studio-blue rounded square holding a parent package (top) wired to three child
// packages (bottom) — what the app does: one parent, its children deployed to several servers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { Buffer } from 'node:buffer';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---- drawing: shapes as signed distances in a 0..1 square, 4x4 supersampled per pixel ----

/** Distance to a rounded rectangle centred at (cx, cy) with half sizes (hw, hh) and corner radius r; < 0 inside. */
function roundRect(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to the segment (ax, ay)-(bx, by) minus half its width. */
function segment(x, y, ax, ay, bx, by, halfWidth) {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy) - halfWidth;
}

const BLUE_TOP = [0x1b, 0x8c, 0xe8];
const BLUE_BOTTOM = [0x0b, 0x5a, 0xa6];
const WHITE = [0xff, 0xff, 0xff];
const GREEN = [0x4e, 0xc9, 0x8a];

const CHILDREN_X = [0.27, 0.5, 0.73];

/** The colour (RGBA 0-1 alpha) at a point of the unit square. */
function sample(x, y, size) {
  // Small icons get thicker strokes so the shapes survive at 16 px.
  const bold = size <= 24 ? 1.6 : size <= 48 ? 1.25 : 1;
  if (roundRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.16) > 0) return null;
  // The parent package, with a green entry-point bar.
  if (roundRect(x, y, 0.5, 0.27, 0.17, 0.1, 0.035) < 0) return roundRect(x, y, 0.5, 0.345, 0.17, 0.025, 0.02) < 0 && size > 24 ? GREEN : WHITE;
  // Wires: down from the parent, across, down to each child.
  const w = 0.018 * bold;
  if (segment(x, y, 0.5, 0.37, 0.5, 0.52, w) < 0) return WHITE;
  if (segment(x, y, CHILDREN_X[0], 0.52, CHILDREN_X[2], 0.52, w) < 0) return WHITE;
  for (const cx of CHILDREN_X) {
    if (segment(x, y, cx, 0.52, cx, 0.6, w) < 0) return WHITE;
    if (roundRect(x, y, cx, 0.7, 0.085, 0.09, 0.025) < 0) return WHITE;
  }
  return [BLUE_TOP[0] + (BLUE_BOTTOM[0] - BLUE_TOP[0]) * y, BLUE_TOP[1] + (BLUE_BOTTOM[1] - BLUE_TOP[1]) * y, BLUE_TOP[2] + (BLUE_BOTTOM[2] - BLUE_TOP[2]) * y];
}

/** RGBA pixels of the icon at `size` x `size`. */
export function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  // Large sizes need less supersampling for smooth edges (and would otherwise dominate the build time).
  const n = size >= 512 ? 2 : 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        pixels[o] = Math.round(r / a);
        pixels[o + 1] = Math.round(g / a);
        pixels[o + 2] = Math.round(b / a);
        pixels[o + 3] = Math.round((a / (n * n)) * 255);
      }
    }
  }
  return pixels;
}

// ---- PNG ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA, 8-bit, non-interlaced PNG. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---- ICO (Windows Vista+ reads PNG entries) ----

export function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; // 0 means 256
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

// ---- ICNS (PNG payloads; type codes by pixel size) ----

export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function encodeIcns(pngBySize) {
  const parts = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ALL_SIZES = [...new Set([...ICO_SIZES, ...LINUX_SIZES, ...ICNS_TYPES.map(([, s]) => s), 1024])].sort((a, b) => a - b);

/** Writes build/icon.png, icon.ico, icon.icns and icons/NxN.png; answers the files written. */
export function writeIcons(outDir = join(root, 'build')) {
  const pngs = new Map(ALL_SIZES.map((size) => [size, encodePng(size, drawIcon(size))]));
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  const written = [];
  const put = (name, data) => {
    writeFileSync(join(outDir, name), data);
    written.push(name);
  };
  put('icon.png', pngs.get(1024));
  put('icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
  put('icon.icns', encodeIcns(pngs));
  for (const size of LINUX_SIZES) put(join('icons', `${size}x${size}.png`), pngs.get(size));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const written = writeIcons(process.argv[2] ?? join(root, 'build'));
  console.log(`icons: wrote ${written.length} files in ${Date.now() - started} ms`);
}

// Draws Sealdrop's icon and writes it as PNG files (node:zlib only, nothing downloaded):
//   assets/icon.png          512x512, for electron-builder on macOS (dmg) and Windows (nsis)
//   assets/icons/NxN.png     16..512, the Linux icon set (AppImage, deb) and the tray
// The mark is calm and plain: a white drop on a deep teal rounded square, with a small teal seal
// inside the drop. Run `node scripts/make-icons.ts` after changing it and commit the PNGs;
// test/unit/app/icons.test.ts redraws them and requires the files to match byte for byte.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

/** The sizes of the Linux icon set (electron-builder reads `assets/icons/<n>x<n>.png`). */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** The single icon electron-builder converts for macOS and Windows (at least 512x512 for macOS). */
export const MAIN_ICON_SIZE = 512;

const ASSETS = fileURLToPath(new URL('../assets/', import.meta.url));

type Rgb = readonly [number, number, number];
const TEAL_TOP: Rgb = [0x2f, 0x6f, 0x73];
const TEAL_BOTTOM: Rgb = [0x1d, 0x4b, 0x55];
const WHITE: Rgb = [0xf7, 0xf5, 0xef];

/** The colour and coverage of one sample point (x, y in 0..1): null outside the icon. */
function shade(x: number, y: number): Rgb | null {
  if (!insideRoundedSquare(x, y, 0.06, 0.2)) return null;
  const background = mix(TEAL_TOP, TEAL_BOTTOM, y);
  if (insideCircle(x, y, 0.5, 0.615, 0.085)) return background; // the seal, inside the drop
  if (insideDrop(x, y)) return WHITE;
  return background;
}

/** A rounded square inset by `margin`, corners of radius `radius` (all in 0..1 units). */
function insideRoundedSquare(x: number, y: number, margin: number, radius: number): boolean {
  const lo = margin + radius;
  const hi = 1 - margin - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= radius * radius;
}

function insideCircle(x: number, y: number, cx: number, cy: number, r: number): boolean {
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A drop: a circle with a point above it, the sides tangent to the circle. */
function insideDrop(x: number, y: number): boolean {
  const apexY = 0.17;
  const centerY = 0.6;
  const r = 0.22;
  if (insideCircle(x, y, 0.5, centerY, r)) return true;
  const d = centerY - apexY;
  // The tangent points lie (d² − r²)/d below the apex; the half-angle θ at the apex has sin θ = r/d.
  const tangentY = apexY + (d * d - r * r) / d;
  if (y < apexY || y > tangentY) return false;
  const tanTheta = r / Math.sqrt(d * d - r * r);
  return Math.abs(x - 0.5) <= (y - apexY) * tanTheta;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** RGBA pixels of the icon at `size`, anti-aliased with 4x4 samples per pixel. */
export function drawIcon(size: number): Uint8Array {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (colour === null) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      // Straight (not premultiplied) alpha, as PNG stores it.
      pixels[at] = Math.round(r / covered);
      pixels[at + 1] = Math.round(g / covered);
      pixels[at + 2] = Math.round(b / covered);
      pixels[at + 3] = Math.round((255 * covered) / (samples * samples));
    }
  }
  return pixels;
}

/** A PNG file (8-bit RGBA, no interlace) of `size`x`size` pixels. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter type None; zlib does well enough on flat colours
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Every icon file as relative path → PNG bytes. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const size of ICON_SIZES) files.set(`icons/${size}x${size}.png`, encodePng(size, drawIcon(size)));
  files.set('icon.png', encodePng(MAIN_ICON_SIZE, drawIcon(MAIN_ICON_SIZE)));
  return files;
}

/** Writes every icon file under `assetsDir`. */
export async function writeIcons(assetsDir = ASSETS): Promise<string[]> {
  await mkdir(join(assetsDir, 'icons'), { recursive: true });
  const written: string[] = [];
  for (const [name, bytes] of iconFiles()) {
    await writeFile(join(assetsDir, name), bytes);
    written.push(name);
  }
  return written;
}

if (import.meta.main) {
  const written = await writeIcons();
  console.log(`wrote ${written.map((name) => `assets/${name}`).join(', ')}`);
}

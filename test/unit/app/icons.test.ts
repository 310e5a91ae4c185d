// The checked-in icons are exactly what scripts/make-icons.ts draws (so they can be remade, not
// hand-edited), and are sound PNGs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { drawIcon, encodePng, iconFiles } from '../../../scripts/make-icons.ts';

const ASSETS = fileURLToPath(new URL('../../../assets/', import.meta.url));

describe('icons', () => {
  test('the files in assets/ equal a fresh drawing, byte for byte', async () => {
    for (const [name, bytes] of iconFiles()) {
      const checkedIn = await readFile(join(ASSETS, name));
      assert.ok(checkedIn.equals(bytes), `assets/${name} is stale: run \`node scripts/make-icons.ts\` and commit it`);
    }
  });

  test('a PNG decodes back to the pixels drawn, with transparent corners and an opaque middle', () => {
    const size = 32;
    const pixels = drawIcon(size);
    const png = encodePng(size, pixels);
    // IDAT starts after the signature (8) and IHDR (25); its length is at 33.
    const length = png.readUInt32BE(33);
    assert.equal(png.subarray(37, 41).toString('latin1'), 'IDAT');
    const raw = inflateSync(png.subarray(41, 41 + length));
    assert.equal(raw.length, (size * 4 + 1) * size);
    for (let y = 0; y < size; y++) {
      assert.equal(raw[y * (size * 4 + 1)], 0, 'filter None');
      assert.ok(raw.subarray(y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1)).equals(Buffer.from(pixels.subarray(y * size * 4, (y + 1) * size * 4))));
    }
    assert.equal(pixels[3], 0, 'top-left corner transparent');
    assert.equal(pixels[((size / 2) * size + size / 2) * 4 + 3], 255, 'centre opaque');
  });
});

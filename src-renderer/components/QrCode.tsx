// A QR code drawn as inline SVG: one <rect> per dark module of `qrcode`'s matrix (error correction
// M), with a quiet zone of 4 modules. No canvas, no data: URL, no innerHTML, so the strict CSP holds.
import { create } from 'qrcode';
import { useMemo, type ReactNode } from 'react';

/** The quiet zone around the symbol, in modules (the QR specification asks for 4). */
const QUIET = 4;

/** The QR code of `text`, `label` as its accessible name; `data-modules` is the symbol's size. */
export function QrCode({ text, label, size = 176 }: { text: string; label: string; size?: number }): ReactNode {
  const matrix = useMemo(() => create(text, { errorCorrectionLevel: 'M' }).modules, [text]);
  const rects: ReactNode[] = [];
  for (let row = 0; row < matrix.size; row++) {
    // Why: runs of dark modules in a row become one wide rect, fewer elements and no hairline seams.
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.get(row, col)) col++;
      rects.push(<rect key={`${row}-${start}`} x={start + QUIET} y={row + QUIET} width={col - start} height={1} />);
    }
  }
  const extent = matrix.size + 2 * QUIET;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${extent} ${extent}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      data-modules={matrix.size}
      data-testid="qr-code"
    >
      <rect width={extent} height={extent} fill="#fff" />
      <g fill="#000">{rects}</g>
    </svg>
  );
}

// An address as people read it: in full (monospace, wraps) or short with the full one as its title.
import type { ReactNode } from 'react';
import { shortAddress } from '../text/format.ts';

/** `address`, short by default when `short` is set. */
export function Address({ address, short = false }: { address: string; short?: boolean }): ReactNode {
  return (
    <span className="address" title={short ? address : undefined}>
      {short ? shortAddress(address) : address}
    </span>
  );
}

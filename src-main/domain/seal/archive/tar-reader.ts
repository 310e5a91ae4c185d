/**
 * A streaming tar reader that never keeps the caller's buffers longer than it must. node-tar's Header
 * and Pax decode each block (ustar, pax 'x'/'g', GNU long names, base-256 sizes); this file only walks
 * the stream: header, data, padding. File data is handed to the entry's sink as views of the source
 * chunks, and each chunk is given back through `release` once the reader and every sink are done with
 * it, so the decrypting stage can reuse its buffers and memory stays flat (see DESIGN §2).
 */
import { Header, Pax } from 'tar';
import type { HeaderData } from 'tar';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { BLOCK_SIZE, octalSizeOf, paddingFor } from './tar-block.ts';

/** The kinds of entry the extractor distinguishes. */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo' | 'unknown';

/** One entry's header, after pax and GNU long-name records were applied. */
export interface TarEntry {
  readonly name: string;
  readonly type: TarEntryType;
  readonly size: number;
  readonly mode: number;
  readonly mtime: Date;
  readonly linkname: string;
}

/** Receives an entry's data. `done` must be called once the sink no longer needs `data`. */
export interface EntrySink {
  write(data: Uint8Array, done: () => void): void | Promise<void>;
  /** The entry's data is complete. */
  end(): Promise<void>;
  /** The walk failed: release what the sink holds (open files) without finishing. */
  abort(): Promise<void>;
}

/** What the reader asks of its caller. */
export interface TarReaderHandlers {
  /** A global pax header's raw block and body (the Sealdrop manifest lives in the first one). */
  global?(block: Uint8Array, body: Uint8Array): void;
  /** A new entry: returns the sink for its data. */
  entry(entry: TarEntry): Promise<EntrySink>;
  /** A source chunk nobody references any more. */
  release?(chunk: Uint8Array): void;
  /** Called once per source chunk (a place to check for cancellation). */
  onChunk?(): void;
}

/** A pax or GNU long-name record being read. */
interface RecordInProgress {
  readonly kind: string;
  readonly body: Buffer;
  fill: number;
  readonly block: Buffer;
}

/** Where the walk through the stream is. */
interface Walk {
  state: 'header' | 'data' | 'record' | 'skip' | 'end';
  blockFill: number;
  remaining: number;
  padding: number;
  sink: EntrySink | null;
  record: RecordInProgress | null;
  zeroBlocks: number;
}

/** Records bigger than this (pax, long names) are refused: no honest archive needs them. */
const MAX_RECORD_BYTES = 1024 * 1024;

const TYPES: Readonly<Record<string, TarEntryType>> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file', // POSIX: may be read as a regular file
  Directory: 'directory',
  SymbolicLink: 'symlink',
  Link: 'link',
  CharacterDevice: 'character-device',
  BlockDevice: 'block-device',
  FIFO: 'fifo',
};

/** Reads a tar stream, calling `handlers` for each entry. Source errors pass through unchanged. */
export async function readTar(source: AsyncIterable<Uint8Array>, handlers: TarReaderHandlers): Promise<void> {
  const holds = new Map<Uint8Array, number>();
  const hold = (chunk: Uint8Array): void => void holds.set(chunk, (holds.get(chunk) ?? 0) + 1);
  const drop = (chunk: Uint8Array): void => {
    const left = (holds.get(chunk) ?? 1) - 1;
    if (left > 0) return void holds.set(chunk, left);
    holds.delete(chunk);
    handlers.release?.(chunk);
  };

  const block = Buffer.alloc(BLOCK_SIZE);
  // One mutable record of where the walk is (an object, so the nested steps share it).
  const at: Walk = { state: 'header', blockFill: 0, remaining: 0, padding: 0, sink: null, record: null, zeroBlocks: 0 };
  let extended: HeaderData | undefined;
  let global: HeaderData | undefined;
  let longPath: string | undefined;
  let longLink: string | undefined;

  /** Decodes a full header block and sets the next state. */
  const onHeader = async (): Promise<void> => {
    if (block.every((byte) => byte === 0)) {
      // Two zero blocks end the archive; a lone one is tolerated, as GNU tar does.
      if (++at.zeroBlocks === 2) at.state = 'end';
      return;
    }
    at.zeroBlocks = 0;
    const header = new Header(block, 0, extended, global);
    if (!header.cksumValid) throw invalid('a header checksum does not match');
    // node-tar reads a regular file whose name ends in "/" as a folder, a convention of pre-POSIX tar,
    // and drops its size; in a ustar archive it is a file (the extractor refuses the odd name). Its
    // real size must still be skipped, or its data would be read as more headers.
    const ustarFile = block.subarray(257, 262).toString('latin1') === 'ustar' && (block[156] === 0x30 || block[156] === 0);
    const typeName = header.type as string;
    const size = ustarFile && typeName === 'Directory' ? (extended?.size ?? octalSizeOf(block)) : (header.size ?? 0);
    if (size === null) throw invalid('a file size is not a plain octal number');
    if (typeName === 'ExtendedHeader' || typeName === 'GlobalExtendedHeader' || typeName === 'NextFileHasLongPath' || typeName === 'NextFileHasLongLinkpath') {
      if (size > MAX_RECORD_BYTES) throw invalid(`a ${typeName} record is larger than ${MAX_RECORD_BYTES} bytes`);
      at.record = { kind: typeName, body: Buffer.alloc(size), fill: 0, block: Buffer.from(block) };
      at.padding = paddingFor(size);
      at.state = 'record';
      if (size === 0) await onRecord();
      return;
    }
    // node-tar's Header re-reads the ustar prefix and link fields after applying pax records, so the
    // pax values (the whole name, the link target) are applied again here, as its own reader does.
    const entry: TarEntry = {
      name: longPath ?? extended?.path ?? header.path ?? '',
      type: ustarFile ? 'file' : (TYPES[typeName] ?? 'unknown'),
      size,
      mode: header.mode ?? 0,
      mtime: extended?.mtime ?? header.mtime ?? new Date(0),
      linkname: longLink ?? extended?.linkpath ?? header.linkpath ?? '',
    };
    // Extended records describe only the next entry.
    extended = undefined;
    longPath = undefined;
    longLink = undefined;
    at.sink = await handlers.entry(entry);
    at.remaining = size;
    at.padding = paddingFor(size);
    at.state = 'data';
    if (at.remaining === 0) await endEntry();
  };

  /** A complete pax or GNU long-name record. */
  const onRecord = async (): Promise<void> => {
    const current = at.record as RecordInProgress;
    at.record = null;
    const text = current.body.toString('utf8');
    // node-tar's Pax drops what follows a NUL; a NUL in a name is an attack on C-string readers, refuse it.
    if (current.kind !== 'GlobalExtendedHeader' && /(^|\n)\d+ (path|linkpath)=[^\n]*\0/.test(text)) {
      throw new SealdropError('unsafe-entry', 'refused an entry: its name contains a NUL character');
    }
    if ((current.kind === 'NextFileHasLongPath' || current.kind === 'NextFileHasLongLinkpath') && /\0[^\0]/.test(text)) {
      throw new SealdropError('unsafe-entry', 'refused an entry: its name contains a NUL character');
    }
    if (current.kind === 'ExtendedHeader') extended = Pax.parse(text, extended, false);
    else if (current.kind === 'GlobalExtendedHeader') {
      global = Pax.parse(text, global, true);
      handlers.global?.(current.block, current.body);
    } else if (current.kind === 'NextFileHasLongPath') longPath = text.replace(/\0.*$/s, '');
    else longLink = text.replace(/\0.*$/s, '');
    at.state = at.padding > 0 ? 'skip' : 'header';
  };

  const endEntry = async (): Promise<void> => {
    const finished = at.sink as EntrySink;
    at.sink = null;
    await finished.end();
    at.state = at.padding > 0 ? 'skip' : 'header';
  };

  try {
    for await (const chunk of source) {
      handlers.onChunk?.();
      hold(chunk);
      let offset = 0;
      while (offset < chunk.byteLength && at.state !== 'end') {
        const available = chunk.byteLength - offset;
        if (at.state === 'header') {
          const take = Math.min(BLOCK_SIZE - at.blockFill, available);
          block.set(chunk.subarray(offset, offset + take), at.blockFill);
          at.blockFill += take;
          offset += take;
          if (at.blockFill === BLOCK_SIZE) {
            at.blockFill = 0;
            await onHeader();
          }
        } else if (at.state === 'data') {
          const take = Math.min(at.remaining, available);
          hold(chunk);
          await (at.sink as EntrySink).write(chunk.subarray(offset, offset + take), () => drop(chunk));
          at.remaining -= take;
          offset += take;
          if (at.remaining === 0) await endEntry();
        } else if (at.state === 'record') {
          const current = at.record as RecordInProgress;
          const take = Math.min(current.body.byteLength - current.fill, available);
          current.body.set(chunk.subarray(offset, offset + take), current.fill);
          current.fill += take;
          offset += take;
          if (current.fill === current.body.byteLength) await onRecord();
        } else {
          const take = Math.min(at.padding, available);
          at.padding -= take;
          offset += take;
          if (at.padding === 0) at.state = 'header';
        }
      }
      // Bytes after the end-of-archive marker (GNU tar pads to a 10 KiB record) are ignored.
      drop(chunk);
    }
    if (at.state === 'data' || at.state === 'record' || at.state === 'skip' || at.blockFill !== 0) throw invalid('the archive is cut short');
  } catch (error) {
    if (at.sink !== null) await at.sink.abort().catch(() => {}); // close its file; the first error is reported
    throw error;
  }
}

function invalid(reason: string): SealdropError {
  return new SealdropError('archive-invalid', `the archive is malformed: ${reason}`);
}

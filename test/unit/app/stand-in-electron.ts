// A stand-in for the Electron executable, which cannot be downloaded here: a file carrying Electron's
// fuse wire (sentinel, version 1, length 9, Electron 45's default states), so @electron/fuses and
// electron-builder's fuse step work on it exactly as on the real binary.

/** The fuse sentinel @electron/fuses looks for. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** The stand-in's bytes. */
export function standInElectronBinary(): Buffer {
  // Defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar integrity off,
  // asar only off, browser V8 snapshot off, file:// privileges on, wasm trap handlers on.
  return Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 9]), Buffer.from('101100011'), Buffer.alloc(4096, 0x90)]);
}

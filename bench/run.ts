// `npm run bench`: Sealdrop against the `age` CLI in the same run, on the same files, as ratios; then
// the key servers (bench/secretstore/): latency and retrievals per second on local networks of real nodes;
// then access control on chain (contract ACL against the owner-signed list: latency, time to effect).
// Usage: npm run bench [-- --quick] [-- --only age|secretstore|chain] [-- --skip age|secretstore|chain]
// (quick: skips the 4 GiB memory check, one run per case, and few key server samples).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canMeasureMemory, medianOf, medianOfPair } from './measure.ts';
import type { Measurement } from './measure.ts';
import { runChainAclBench } from './secretstore/chain-acl-bench.ts';
import { runSecretStoreBench } from './secretstore/secretstore-bench.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const quick = process.argv.includes('--quick');
const PARTS = ['age', 'secretstore', 'chain'] as const;
type Part = (typeof PARTS)[number];
const REPEAT = quick ? 1 : 5;
const GiB = 1024 ** 3;
// The bundle `npm run bench` builds first: what users run.
const CLI = join(ROOT, 'dist/cli/sealdrop.js');
const sealdrop = `"${process.execPath}" "${CLI}"`;

/** Writes `size` bytes of random data in 16 MiB blocks (random so nothing can shortcut it). */
async function randomFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  const block = Buffer.allocUnsafe(16 * 1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    randomFillSync(block);
    await handle.write(block, 0, Math.min(block.length, size - written));
  }
  await handle.close();
}

/** 10,000 files of 1–64 KiB in 100 folders. Returns the total size. */
async function smallFiles(root: string, count: number): Promise<number> {
  let total = 0;
  const data = Buffer.allocUnsafe(64 * 1024);
  randomFillSync(data);
  for (let i = 0; i < count; i++) {
    const dir = join(root, `d${i % 100}`);
    if (i < 100) await mkdir(dir, { recursive: true });
    const size = 1024 + ((i * 7919) % (63 * 1024));
    await writeFile(join(dir, `f${i}.bin`), data.subarray(0, size));
    total += size;
  }
  return total;
}

interface Row {
  readonly label: string;
  readonly bytes: number;
  readonly sealdrop: Measurement;
  readonly age: Measurement | null;
}

const rows: Row[] = [];
const mbps = (bytes: number, m: Measurement): string => (bytes / m.seconds / 1e6).toFixed(0);

function print(row: Row): void {
  const s = row.sealdrop;
  const a = row.age;
  const speed = a ? (a.seconds / s.seconds).toFixed(2) : '—';
  const memory = a ? (s.peakMegabytes / a.peakMegabytes).toFixed(1) : '—';
  console.log(
    `${row.label.padEnd(34)} sealdrop ${mbps(row.bytes, s).padStart(5)} MB/s ${s.seconds.toFixed(2).padStart(6)} s ${s.peakMegabytes.toFixed(0).padStart(4)} MB` +
      (a ? ` | age ${mbps(row.bytes, a).padStart(5)} MB/s ${a.seconds.toFixed(2).padStart(6)} s ${a.peakMegabytes.toFixed(0).padStart(4)} MB` : ' | age —') +
      ` | speed ratio ${speed}  memory ratio ${memory}`,
  );
}

/** The parts `--only <part>` / `--skip <part>` (repeatable, or comma-separated) leave to run; all by default. */
function selectedParts(argv: readonly string[]): Set<Part> {
  const named = (flag: string): Part[] =>
    argv.flatMap((arg, i) => {
      const value = arg === flag ? argv[i + 1] : arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : undefined;
      if (value === undefined) return [];
      return value.split(',').map((part) => {
        if (!(PARTS as readonly string[]).includes(part)) throw new Error(`${flag} takes one of: ${PARTS.join(', ')} (got "${part}")`);
        return part as Part;
      });
    });
  const only = named('--only');
  const skip = new Set(named('--skip'));
  return new Set((only.length > 0 ? only : PARTS).filter((part) => !skip.has(part)));
}

async function ageComparison(): Promise<void> {
  try {
    execFileSync('age', ['--version']);
  } catch {
    throw new Error('the bench compares with the age CLI: install the Debian package "age" (and "time" for memory figures)');
  }
  if (!canMeasureMemory()) console.log('note: /usr/bin/time is missing (Debian package "time"): no memory figures');
  const work = await mkdtemp(join(tmpdir(), 'sealdrop-bench-'));
  try {
    const key = join(work, 'bench.key');
    const publicKey = JSON.parse(execFileSync(process.execPath, [CLI, 'keygen', '-o', key, '--json']).toString()).publicKey as string;
    const clean = (...paths: string[]) => async (): Promise<void> => {
      for (const path of paths) await rm(path, { recursive: true, force: true });
    };
    console.log(`Sealdrop vs age ${execFileSync('age', ['--version']).toString().trim()} on ${process.version}, median of ${REPEAT} interleaved runs, disk synced before each; speed ratio = age time / Sealdrop time (> 1: Sealdrop is faster). Sealdrop fsyncs its output (durable before it is visible), age does not\n`);

    // The same pipelines without the CLI (bench/seal-pipeline.ts, bundled with its worker like dist/cli),
    // so start-up cost and pipeline speed show separately.
    const pipelineDir = join(work, 'pipeline');
    await build({
      absWorkingDir: ROOT,
      entryPoints: { 'seal-pipeline': 'bench/seal-pipeline.ts', 'chunk-worker': 'src-main/domain/seal/age/chunk-worker.ts' },
      outdir: pipelineDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __sealdropCreateRequire } from 'node:module'; const require = __sealdropCreateRequire(import.meta.url);" },
    });
    const pipeline = `"${process.execPath}" "${join(pipelineDir, 'seal-pipeline.js')}"`;

    // 1 GiB file.
    const big = join(work, 'big.bin');
    await randomFile(big, GiB);
    const sealedS = join(work, 'big.sealdrop');
    const sealedA = join(work, 'big.age');
    const [seal1, age1] = await medianOfPair(REPEAT, clean(sealedS, sealedA), [
      `${sealdrop} seal "${big}" --to ${publicKey} -o "${sealedS}" -q`,
      `age -e -r ${publicKey} -o "${sealedA}" "${big}"`,
    ]);
    rows.push({ label: 'seal 1 GiB file', bytes: GiB, sealdrop: seal1, age: age1 });
    print(rows.at(-1) as Row);
    const outS = join(work, 'big-out');
    const outA = join(work, 'big-out.bin');
    await clean(sealedS, sealedA)();
    execFileSync('sh', ['-c', `${sealdrop} seal "${big}" --to ${publicKey} -o "${sealedS}" -q && age -e -r ${publicKey} -o "${sealedA}" "${big}"`]);
    const [open1, ageOpen1] = await medianOfPair(REPEAT, clean(outS, outA), [
      `${sealdrop} open "${sealedS}" -i "${key}" -o "${outS}" -q`,
      `age -d -i "${key}" -o "${outA}" "${sealedA}"`,
    ]);
    rows.push({ label: 'open 1 GiB file', bytes: GiB, sealdrop: open1, age: ageOpen1 });
    print(rows.at(-1) as Row);
    const [sealP, agePSeal] = await medianOfPair(REPEAT, clean(join(work, 'big-p.sealdrop'), join(work, 'big-p.age')), [
      `${pipeline} seal "${big}" ${publicKey} "${join(work, 'big-p.sealdrop')}"`,
      `age -e -r ${publicKey} -o "${join(work, 'big-p.age')}" "${big}"`,
    ]);
    rows.push({ label: 'seal 1 GiB, pipeline without CLI', bytes: GiB, sealdrop: sealP, age: agePSeal });
    print(rows.at(-1) as Row);
    const [openP, agePOpen] = await medianOfPair(REPEAT, clean(outS, outA), [
      `${pipeline} open "${sealedS}" "${key}" "${outS}"`,
      `age -d -i "${key}" -o "${outA}" "${sealedA}"`,
    ]);
    rows.push({ label: 'open 1 GiB, pipeline without CLI', bytes: GiB, sealdrop: openP, age: agePOpen });
    print(rows.at(-1) as Row);
    await clean(outS, outA, sealedA, big)();

    // 10,000 small files; age gets the same folder through tar.
    const folder = join(work, 'small');
    const total = await smallFiles(folder, 10_000);
    const sealedSmallS = join(work, 'small.sealdrop');
    const sealedSmallA = join(work, 'small.age');
    const [seal2, age2] = await medianOfPair(REPEAT, clean(sealedSmallS, sealedSmallA), [
      `${sealdrop} seal "${folder}" --to ${publicKey} -o "${sealedSmallS}" -q`,
      `tar -c -C "${work}" small | age -e -r ${publicKey} -o "${sealedSmallA}"`,
    ]);
    rows.push({ label: 'seal 10,000 files (1-64 KiB)', bytes: total, sealdrop: seal2, age: age2 });
    print(rows.at(-1) as Row);
    const outSmallS = join(work, 'small-out');
    const outSmallA = join(work, 'small-out-age');
    await clean(sealedSmallS, sealedSmallA)();
    execFileSync('sh', ['-c', `${sealdrop} seal "${folder}" --to ${publicKey} -o "${sealedSmallS}" -q && tar -c -C "${work}" small | age -e -r ${publicKey} -o "${sealedSmallA}"`]);
    const [open2, ageOpen2] = await medianOfPair(
      REPEAT,
      async () => {
        await clean(outSmallS, outSmallA)();
        await mkdir(outSmallA);
      },
      [`${sealdrop} open "${sealedSmallS}" -i "${key}" -o "${outSmallS}" -q`, `age -d -i "${key}" "${sealedSmallA}" | tar -x -C "${outSmallA}"`],
    );
    rows.push({ label: 'open 10,000 files (1-64 KiB)', bytes: total, sealdrop: open2, age: ageOpen2 });
    print(rows.at(-1) as Row);
    await clean(folder, outSmallS, outSmallA, sealedSmallA, sealedSmallS)();

    if (!quick) {
      // Memory must not grow with the input: a 4 GiB (sparse, so it costs no disk to create) file.
      const huge = join(work, 'huge.bin');
      await writeFile(huge, '');
      await truncate(huge, 4 * GiB);
      const sealedHuge = join(work, 'huge.sealdrop');
      const seal4 = await medianOf(1, clean(sealedHuge), `${sealdrop} seal "${huge}" --to ${publicKey} -o "${sealedHuge}" -q`);
      rows.push({ label: 'seal 4 GiB file (memory check)', bytes: 4 * GiB, sealdrop: seal4, age: null });
      print(rows.at(-1) as Row);
      await rm(huge);
      const outHuge = join(work, 'huge-out');
      const open4 = await medianOf(1, clean(outHuge), `${sealdrop} open "${sealedHuge}" -i "${key}" -o "${outHuge}" -q`);
      rows.push({ label: 'open 4 GiB file (memory check)', bytes: 4 * GiB, sealdrop: open4, age: null });
      print(rows.at(-1) as Row);
      const grows = Math.max(seal4.peakMegabytes / seal1.peakMegabytes, open4.peakMegabytes / open1.peakMegabytes);
      console.log(`\npeak memory 4 GiB / 1 GiB: ${grows.toFixed(2)} (flat is ~1.0); goal: under 150 MB at any size`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const parts = selectedParts(process.argv.slice(2));
if (parts.has('age')) await ageComparison();
if (parts.has('secretstore')) await runSecretStoreBench({ quick });
if (parts.has('chain')) await runChainAclBench({ quick });

// Worker threads do not inherit vitest's TypeScript transform. Loading a worker through tsx costs each
// thread a couple of seconds of CPU (every module of the app resolved through the loader hooks), which
// with sixteen threads on two cores is half a minute. Instead, the worker's source is bundled once with
// esbuild (the compiler tsx itself uses, resolved through tsx) into one CommonJS file that every thread
// loads in a fraction of a second. better-sqlite3 stays outside the bundle (it loads a native addon).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const requireHere = createRequire(path.join(process.cwd(), 'package.json'));

/** Bundles `entry` (a path relative to the repository) into `outDir`; returns the bundle's path. */
export async function bundleWorker(entry: string, outDir: string): Promise<string> {
  const esbuild = createRequire(requireHere.resolve('tsx/package.json'))('esbuild') as typeof import('esbuild');
  const nativeEntry = requireHere.resolve('better-sqlite3');
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.bundle.cjs`);
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(process.cwd(), entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    tsconfig: path.join(process.cwd(), 'tsconfig.json'),
    logLevel: 'error',
    plugins: [
      {
        name: 'native-modules-outside',
        setup(build) {
          build.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: nativeEntry, external: true }));
        },
      },
    ],
  });
  return outfile;
}

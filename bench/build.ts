// The production build, made once and only when stale: the same rule as `npm start`
// (lib/cli/start.ts, which runs on import and so cannot be imported here): rebuild when .next/BUILD_ID
// is missing or older than any source file the app is built from.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'components', 'lib', 'db'];
const SOURCE_FILES = ['next.config.js', 'proxy.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestSourceChange(root: string): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    else if (!entry.endsWith('.test.ts')) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) visit(path.join(root, dir));
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(root, file))) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/** Builds if needed; returns the build's wall time in seconds, or null when the build was current. */
export function buildIfNeeded(log: (line: string) => void): number | null {
  const root = process.cwd();
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestSourceChange(root)) {
    log('The production build is current.');
    return null;
  }
  log('Building the production app (npx next build)…');
  const started = performance.now();
  const result = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error('next build failed; see the messages above.');
  return Math.round((performance.now() - started) / 100) / 10;
}

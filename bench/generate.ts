// `npx tsx bench/generate.ts 100k 200k`: generates (or confirms) scales' databases ahead of a bench
// run, which then reuses them. Generating 200k requests takes minutes; this lets it run on its own.
import { ensureDataset } from './dataset';
import { scaleSpec } from './scales';

const labels = process.argv.slice(2);
if (labels.length === 0) {
  console.error('Name the scales to generate, e.g. npx tsx bench/generate.ts 100k 200k');
  process.exit(2);
}
for (const label of labels) ensureDataset(scaleSpec(label), (line) => console.log(`[generate ${new Date().toISOString().slice(11, 19)}] ${line}`));

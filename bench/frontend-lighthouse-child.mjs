// One Lighthouse run, in plain Node rather than under tsx. tsx compiles the packages it loads with
// esbuild's keepNames, which wraps functions in `__name(...)` calls; Lighthouse sends some functions'
// source into the page to run there, where `__name` does not exist ("ReferenceError: __name is not
// defined"). Loaded by Node itself, Lighthouse runs as published.
//
//   echo '{"port":9222,"url":"…","cookie":"…","preset":"desktop"}' | node bench/frontend-lighthouse-child.mjs
//
// The job comes on stdin, not in the arguments, so the session cookie is not visible in `ps`.
// Prints the Lighthouse result (LHR) as JSON on stdout; bench/frontend-lighthouse.ts reads it.
import lighthouse, { desktopConfig } from 'lighthouse';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { port, url, cookie, preset } = JSON.parse(input || '{}');
if (!port || !url || !['desktop', 'mobile'].includes(preset)) throw new Error('Expected on stdin: {"port", "url", "cookie"?, "preset": "desktop" | "mobile"}');

const flags = {
  port,
  output: 'json',
  logLevel: 'error',
  onlyCategories: ['performance', 'accessibility'],
  // The session: sent on every request the page makes. Lighthouse's storage reset clears the browser's
  // cookies before each run, never these headers.
  ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
};
// The desktop configuration, or Lighthouse's default (mobile) when none is given.
const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
process.stdout.write(JSON.stringify(result?.lhr ?? null));

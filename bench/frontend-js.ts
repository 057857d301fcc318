// First-load JavaScript: what a browser must download and run before a page is interactive, as Next's
// own build summary used to count it. The page's HTML (fetched as its viewer, since what is rendered
// decides which client chunks are referenced) names every script it loads: `<script src>` tags and
// `<link rel="modulepreload">` / `<link rel="preload" as="script">` hints. Each distinct URL is fetched
// once and gzipped at level 9 (as Next's summary did, with gzip-size), and the sizes summed.
// Left out, and reported apart: `<script nomodule>` (Next's legacy polyfills, which a browser with
// module support, every browser the tracker supports, neither downloads nor runs), and inline scripts,
// which are not code the app ships but the page's data (the React Server Components payload Next
// inlines as `self.__next_f.push(...)`).
import { gzipSync } from 'node:zlib';

export const GZIP_LEVEL = 9;
/** 1 kB = 1000 bytes, as the budgets (and Next's summary) use. */
export const KB = 1000;

export interface ScriptSize {
  url: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstLoadJs {
  /** Sum of the distinct external scripts, gzipped, in kB. */
  firstLoadJsKb: number;
  /** The same, uncompressed, in kB. */
  rawJsKb: number;
  scripts: number;
  /** Every script counted, largest first (file name, gzipped kB): what weighs, and what pages share. */
  files: Array<{ file: string; gzipKb: number }>;
  /** `<script nomodule>` files (legacy polyfills; modern browsers skip them), gzipped, in kB. */
  noModuleKb: number;
  /** Inline `<script>` bodies (the RSC payload and bootstrap), gzipped, in kB. */
  inlineScriptKb: number;
  /** The HTML document itself, gzipped, in kB. */
  htmlKb: number;
}

const kb = (bytes: number) => Math.round((bytes / KB) * 10) / 10;
const gzipped = (data: string | Uint8Array) => gzipSync(data, { level: GZIP_LEVEL }).byteLength;

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

const decodeEntities = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");

const hasAttribute = (tag: string, name: string) => new RegExp(`\\s${name}(?=[\\s=>/])`, 'i').test(tag);

/** The URLs of the scripts a page loads, in document order, each once; `nomodule` ones apart. */
export function scriptUrls(html: string, pageUrl: string): { urls: string[]; noModule: string[] } {
  const urls = new Set<string>();
  const noModule = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    if (src) (hasAttribute(tag, 'nomodule') ? noModule : urls).add(new URL(decodeEntities(src), pageUrl).href);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const as = (attribute(tag, 'as') ?? '').toLowerCase();
    const href = attribute(tag, 'href');
    if (href && (rel.includes('modulepreload') || (rel.includes('preload') && as === 'script'))) urls.add(new URL(decodeEntities(href), pageUrl).href);
  }
  for (const url of urls) noModule.delete(url);
  return { urls: [...urls], noModule: [...noModule] };
}

function inlineScripts(html: string): string {
  let all = '';
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) if (!attribute(`<script${match[1]}>`, 'src')) all += match[2];
  return all;
}

async function get(url: string, cookie: string | undefined): Promise<Uint8Array> {
  // fetch undoes any content encoding the server applied: these are the plain bytes, gzipped here so
  // the figure does not depend on the server's compression settings.
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status} ${response.headers.get('location') ?? ''}`);
  return body;
}

export async function measureFirstLoadJs(baseUrl: string, path: string, cookie: string | undefined): Promise<FirstLoadJs> {
  const pageUrl = baseUrl + path;
  const htmlBytes = await get(pageUrl, cookie);
  const html = new TextDecoder().decode(htmlBytes);
  const { urls, noModule } = scriptUrls(html, pageUrl);
  const fetchAll = async (list: string[]) => {
    const sizes: ScriptSize[] = [];
    // Static chunks need no session, but sending it costs nothing and mirrors the browser.
    for (const url of list) {
      const body = await get(url, cookie);
      sizes.push({ url, bytes: body.byteLength, gzipBytes: gzipped(body) });
    }
    return sizes;
  };
  const sizes = await fetchAll(urls);
  const legacy = await fetchAll(noModule);
  const sum = (pick: (s: ScriptSize) => number, list = sizes) => list.reduce((total, s) => total + pick(s), 0);
  return {
    firstLoadJsKb: kb(sum((s) => s.gzipBytes)),
    rawJsKb: kb(sum((s) => s.bytes)),
    scripts: sizes.length,
    files: [...sizes]
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .map((s) => ({ file: new URL(s.url).pathname.split('/').pop()!, gzipKb: kb(s.gzipBytes) })),
    noModuleKb: kb(sum((s) => s.gzipBytes, legacy)),
    inlineScriptKb: kb(gzipped(inlineScripts(html))),
    htmlKb: kb(gzipped(htmlBytes)),
  };
}

/** Where to go after signing in: only a path on this site, so a link cannot send users elsewhere. */
export function safeReturnPath(value: unknown, fallback = '/inbox'): string {
  if (typeof value !== 'string') return fallback;
  let path = value;
  try {
    // next-auth passes absolute URLs of this site; keep only their path.
    if (/^https?:\/\//.test(value)) {
      const url = new URL(value);
      path = `${url.pathname}${url.search}`;
    }
  } catch {
    return fallback;
  }
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\') || path.startsWith('/sign-in')) return fallback;
  return path;
}

// The headers every response carries, and the cross-site and size checks on requests that change
// state. Used by proxy.ts (pages, actions and routes) and next.config.js (static files).

/** A strict policy: scripts only with this response's nonce (Next.js adds it to its own scripts),
 * nothing framed or framing, no plugins, no <base>. Styles may be inline (React style attributes and
 * the charts use them); scripts never, and never eval. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const STATIC_HEADERS: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** JSON routes take small bodies; forms up to the upload limit (an LMS export). */
export const MAX_API_BODY_BYTES = 1024 * 1024;
export const MAX_FORM_BODY_BYTES = 10 * 1024 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request must be refused as cross-site, or null. Browsers send Sec-Fetch-Site
 * (and Origin on POST); a request from another site is refused before it reaches any handler.
 * Clients that send neither (scripts calling the JSON routes with a session) are not browsers
 * carrying someone's cookies, and pass.
 */
export function crossSiteRefusal(method: string, headers: Headers, host: string | null): string | null {
  if (SAFE_METHODS.has(method)) return null;
  const site = headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return `Sec-Fetch-Site: ${site}`;
  const origin = headers.get('origin');
  if (origin && origin !== 'null') {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      return 'an unreadable Origin';
    }
    if (host && originHost !== host) return `Origin ${origin}`;
  } else if (origin === 'null') {
    return 'Origin: null';
  }
  return null;
}

// Runs before every page, server action and route (Next.js 16's proxy, formerly middleware): refuses
// cross-site state changes and oversized bodies before any handler sees them, gives every response a
// fresh CSP nonce (Next.js puts it on its own scripts), and sets the security headers.
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, crossSiteRefusal, MAX_API_BODY_BYTES, MAX_FORM_BODY_BYTES, STATIC_HEADERS } from '@/lib/web/security-headers';

function withHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_HEADERS)) response.headers.set(name, value);
  return response;
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce);

  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const refusal = crossSiteRefusal(request.method, request.headers, host);
  if (refusal) {
    return withHeaders(NextResponse.json({ error: 'Cross-site requests are refused.', fieldErrors: {} }, { status: 403 }), csp);
  }
  const length = Number(request.headers.get('content-length') ?? 0);
  const limit = request.nextUrl.pathname.startsWith('/api/') ? MAX_API_BODY_BYTES : MAX_FORM_BODY_BYTES;
  if (length > limit) {
    return withHeaders(NextResponse.json({ error: `The request is too large (limit ${limit / 1024 / 1024} MB).`, fieldErrors: {} }, { status: 413 }), csp);
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Static build files get their headers from next.config.js.
  matcher: ['/((?!_next/static|_next/image).*)'],
};

// The address a request came from, for the audit trail: the first hop of X-Forwarded-For (set by the
// server in front, or by Next.js itself from the socket), else X-Real-IP. Trimmed and bounded, since
// it is whatever the client sent when there is no proxy to overwrite it.
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export function sourceAddressOf(headers: HeaderSource): string | null {
  const forwarded = header(headers, 'x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || header(headers, 'x-real-ip')?.trim() || null;
  return address ? address.slice(0, 64) : null;
}

// The cross-site check every state-changing request passes through (proxy.ts), and the policy's
// promises: nonce-only scripts, never eval, nothing framed.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, crossSiteRefusal } from './security-headers';

const headers = (h: Record<string, string>) => new Headers(h);
const HOST = 't21.agency.gov';

describe('cross-site requests', () => {
  it.each([
    ['POST', { 'sec-fetch-site': 'cross-site' }],
    ['POST', { 'sec-fetch-site': 'same-site' }],
    ['PUT', { origin: 'https://evil.example' }],
    ['DELETE', { origin: 'https://t21.agency.gov.evil.example' }],
    ['PATCH', { origin: 'null' }],
    ['POST', { origin: 'not a url' }],
    ['POST', { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }],
  ])('refuses %s with %o', (method, h) => {
    expect(crossSiteRefusal(method, headers(h), HOST)).not.toBeNull();
  });

  it.each([
    ['POST', { 'sec-fetch-site': 'same-origin', origin: `https://${HOST}` }],
    ['POST', { 'sec-fetch-site': 'none' }],
    ['POST', {}],
    ['GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['HEAD', { 'sec-fetch-site': 'cross-site' }],
  ])('lets %s with %o through', (method, h) => {
    expect(crossSiteRefusal(method, headers(h), HOST)).toBeNull();
  });
});

it('allows scripts only with the nonce, never eval, and no framing, plugins or base changes', () => {
  const csp = contentSecurityPolicy('abc123');
  const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
  expect(directives['script-src']).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
  expect(csp).not.toMatch(/unsafe-eval/);
  expect(directives['script-src']).not.toMatch(/unsafe-inline/);
  expect(directives).toMatchObject({ 'frame-ancestors': "'none'", 'object-src': "'none'", 'base-uri': "'none'" });
});

// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: it must be required at run time, never bundled.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // Static build files: the same headers as every page (proxy.ts), and a policy that runs nothing.
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'" },
          { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
  experimental: {
    serverActions: {
      // Forms carry a handful of text fields; the largest is an LMS export uploaded on the training
      // import page (lib/training/import-training.ts refuses more than MAX_TRAINING_IMPORT_BYTES).
      bodySizeLimit: '10mb',
    },
  },
};

module.exports = nextConfig;

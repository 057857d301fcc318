// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: it must be required at run time, never bundled.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  experimental: {
    serverActions: {
      // Forms here carry a handful of text fields; anything larger is not a user's form.
      bodySizeLimit: '1mb',
    },
  },
};

module.exports = nextConfig;

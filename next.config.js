// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: it must be required at run time, never bundled.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  experimental: {
    serverActions: {
      // Forms carry a handful of text fields; the largest is an LMS export uploaded on the training
      // import page (lib/training/import-training.ts refuses more than MAX_TRAINING_IMPORT_BYTES).
      bodySizeLimit: '10mb',
    },
  },
};

module.exports = nextConfig;

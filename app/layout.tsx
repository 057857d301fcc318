import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { currentActor } from '@/lib/auth/current-actor';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'T21 Tracker', template: '%s · T21 Tracker' },
  description: 'Requests to cross-designate HSI special agents with DEA Title 21 authority.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <div className="banner">An official system of the U.S. government (demonstration build).</div>
        <SiteHeader actor={actor} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}

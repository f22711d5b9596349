import type { Metadata, Viewport } from 'next';
import './globals.css';

// Every page carries a per-request CSP nonce (src/proxy.ts), so none can be prerendered.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Todo',
  description: 'Your tasks, calmly.',
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' }, apple: '/apple-touch-icon.png' },
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

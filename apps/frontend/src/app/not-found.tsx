import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found · Todo' };

/** Any unknown address: said plainly, with the way back. Class names only: the CSP allows no inline styles. */
export default function NotFound() {
  return (
    <main className="auth not-found">
      <h1>Page not found</h1>
      <div className="card stack">
        <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link href="/tasks" className="button primary">
            Back to your tasks
          </Link>
        </p>
      </div>
    </main>
  );
}

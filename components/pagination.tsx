import Link from 'next/link';

/** Previous/next links that keep every other filter in the URL. */
export function Pagination({ path, params, page, pageCount, total, noun }: { path: string; params: Record<string, string | undefined>; page: number; pageCount: number; total: number; noun: string }) {
  const href = (p: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    query.set('page', String(p));
    return `${path}?${query.toString()}`;
  };
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? <Link href={href(page - 1)}>Previous page</Link> : null}
      <span>
        Page {page} of {pageCount} ({total.toLocaleString('en-US')} {noun})
      </span>
      {page < pageCount ? <Link href={href(page + 1)}>Next page</Link> : null}
    </nav>
  );
}

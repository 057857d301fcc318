import Link from 'next/link';

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no such page, or it is not one you have access to. <Link href="/inbox">Go to your inbox</Link>.
      </p>
    </>
  );
}

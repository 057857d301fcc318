'use client';

// Shown instead of a stack trace when something fails on our side.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <h1>Sorry, something went wrong</h1>
      <p>Nothing you entered was lost on our side, but this page could not be shown. Try again in a moment.</p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </>
  );
}

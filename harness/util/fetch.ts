// fetch() with a deadline that keeps the process alive until it fires. `AbortSignal.timeout`
// uses an unref'd timer: when undici leaves a request hanging (seen against a loopback port
// whose container was still starting) nothing else holds the event loop, and Node exits with
// code 13 ("unsettled top-level await") in the middle of `up`. A referenced timer aborts it.

/** fetch(url, init), aborted after timeoutMs by a timer that holds the event loop. fetchImpl: a
 *  test's fake (default the global fetch). */
export async function fetchWithin(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`no answer from ${new URL(url).origin} within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const signal = init.signal ? AbortSignal.any([init.signal, abort.signal]) : abort.signal;
  try {
    return await fetchImpl(url, { ...init, signal });
  } finally {
    clearTimeout(timer);
  }
}

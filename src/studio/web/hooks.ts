import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';

/** Loaded is an endpoint's answer as a page sees it: still loading, the document, or the error. */
export type Loaded<T> = { readonly state: 'loading' } | { readonly state: 'ready'; readonly value: T } | { readonly state: 'failed'; readonly message: string };

const cache = new Map<string, Promise<unknown>>();

/** fetchOnce asks an endpoint once per page load: every view of the same data shares the answer. */
export function fetchOnce<T>(name: string, params: Record<string, string> = {}): Promise<T> {
  const key = `${name}?${new URLSearchParams(params).toString()}`;
  let pending = cache.get(key);
  if (!pending) cache.set(key, (pending = get<T>(name, params)));
  return pending as Promise<T>;
}

export function useApi<T>(name: string, params: Record<string, string> = {}): Loaded<T> {
  const key = `${name}?${new URLSearchParams(params).toString()}`;
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    fetchOnce<T>(name, params).then(
      (value) => live && setLoaded({ state: 'ready', value }),
      (error: unknown) => live && setLoaded({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return loaded;
}

/**
 * useRoute is the part of the address after `#`, which the pages use as their route, split at `/`
 * and each segment decoded (a segment may hold an encoded `/`: a file's path).
 */
export function useRoute(): string[] {
  const [hash, setHash] = useState(() => location.hash.slice(1));
  useEffect(() => {
    const update = () => setHash(location.hash.slice(1));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return hash.replace(/^\//, '').split('/').map(decodeURIComponent);
}

import os from 'node:os';
import path from 'node:path';

/** cacheRoot is `$TIDEMARK_CACHE_DIR`, else `$XDG_CACHE_HOME/tidemark`, else `~/.cache/tidemark`. */
export function cacheRoot(): string {
  if (process.env['TIDEMARK_CACHE_DIR']) return path.resolve(process.env['TIDEMARK_CACHE_DIR']);
  const base = process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(base, 'tidemark');
}

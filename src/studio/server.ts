import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Tidemark } from '../tidemark.js';
import { isTidemarkError } from '../errors.js';
import { StudioApi, type StudioApiOptions } from './api.js';

/** StudioOptions: where Studio listens, and what it shows. */
export interface StudioOptions extends StudioApiOptions {
  /** Default 4983; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** Where the built page is (default: the package's `dist/studio`). */
  readonly assetsDir?: string;
}

/** Studio is a running Studio server. */
export interface Studio {
  /** The page's address: `http://127.0.0.1:4983/`. */
  readonly url: string;
  /** True when the host is reachable from other machines (anything but a loopback address). */
  readonly exposed: boolean;
  close(): Promise<void>;
}

export const DEFAULT_STUDIO_PORT = 4983;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * The page is built by `npm run build` into `dist/studio`. Both this module (dist/src/studio) and
 * the CLI bundle's chunks (dist/src/cli) sit two levels below `dist`, so one relative path serves both.
 */
function defaultAssetsDir(): string {
  return fileURLToPath(new URL('../../studio/', import.meta.url));
}

/**
 * startStudio serves Studio's page and its JSON endpoints (`/api/<name>`, see {@link StudioApi})
 * for a Tidemark opened with `readOnly: true`. Requests are answered one at a time: they share the
 * project's one connection, and nothing on the page needs two at once.
 *
 * @example const tm = await openTidemark({ readOnly: true }); const studio = await startStudio(tm, { port: 0 }); console.log(studio.url);
 */
export async function startStudio(tm: Tidemark, options: StudioOptions = {}): Promise<Studio> {
  const api = new StudioApi(tm, options);
  const assets = options.assetsDir ?? defaultAssetsDir();
  await fs.access(path.join(assets, 'index.html')).catch((error: unknown) => {
    throw new Error(`Studio's page is not built (no ${path.join(assets, 'index.html')}): run "npm run build"`, { cause: error });
  });
  const host = options.host ?? '127.0.0.1';
  const exposed = !LOOPBACK.has(host);
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work, work);
    turn = run.catch(() => undefined);
    return run;
  };

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => send(response, 500, 'text/plain; charset=utf-8', String(error)));
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    // A page on another site could reach a loopback port through a DNS name that points here
    // (DNS rebinding); a Host header that is not a loopback name is refused unless exposed on purpose.
    const hostname = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (!exposed && !LOOPBACK.has(hostname)) return send(response, 403, 'text/plain; charset=utf-8', 'forbidden host\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'Studio is read-only\n');
    const url = new URL(request.url ?? '/', 'http://studio.invalid');
    if (url.pathname.startsWith('/api/')) {
      const name = url.pathname.slice('/api/'.length);
      if (!api.names.includes(name)) return json(response, 404, { error: { code: 'E_NOT_FOUND', message: `no endpoint /api/${name} (there are ${api.names.join(', ')})` } });
      try {
        return json(response, 200, await inTurn(() => api.answer(name, url.searchParams)!));
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        return json(response, isTidemarkError(error) && error.exitCode === 2 ? 400 : 500, { error: { code: isTidemarkError(error) ? error.code : 'E_UNEXPECTED', message } });
      }
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const full = path.resolve(assets, file);
    const inside = path.relative(assets, full);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
    const body = await fs.readFile(full).catch(() => undefined);
    if (body === undefined) return send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
    return send(response, 200, TYPES[path.extname(full)] ?? 'application/octet-stream', body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_STUDIO_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    exposed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: http.ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function send(response: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(body);
}

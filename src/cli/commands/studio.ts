import { spawn } from 'node:child_process';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

function portOf(value: string): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new UsageError(`--port must be a port number (0 for any free port), got "${value}"`);
  return n;
}

/** openBrowser asks the desktop to open a URL; where there is none (CI, SSH), it says so and goes on. */
function openBrowser(url: string, warn: (message: string) => void): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => warn(`could not open a browser (${command}): open ${url} yourself`));
  child.unref();
}

const define: CommandDefinition = (program, wrap) => {
  program
    .command('studio')
    .description('a local, read-only web page: the schema and its ER diagram, migrations, drift, lint findings and the tenant fleet')
    .option('--port <port>', 'port to listen on (0: any free port)', '4983')
    .option('--host <host>', 'address to listen on; anything but 127.0.0.1/localhost exposes the page to the network', '127.0.0.1')
    .option('--from <source>', 'show the schema of this source instead of the database (migrations:<dir>, dir:<path>, a URL…)')
    .option('--open', 'open the page in the default browser')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { port: string; host: string; from?: string; open?: boolean };
        const port = portOf(options.port);
        const tm = await ctx.open({ readOnly: true });
        const { startStudio } = await import('../../studio/server.js');
        const studio = await startStudio(tm, { port, host: options.host, from: options.from }).catch((error: unknown) => {
          const code = (error as { code?: string }).code;
          if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${options.host} is in use: pass --port (0 for any free port)`, { cause: error });
          if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${options.host} is not an address of this machine`, { cause: error });
          throw error;
        });
        if (studio.exposed) ctx.out.warn(`Studio listens on ${options.host}: anyone who can reach this machine can read the schema, migrations and tenants (read-only)`);
        ctx.out.line(`Studio: ${studio.url} (read-only; Ctrl-C to stop)`);
        ctx.out.document({ url: studio.url });
        if (options.open) openBrowser(studio.url, (m) => ctx.out.warn(m));
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        await studio.close();
        return 0;
      }),
    );
};
export default define;

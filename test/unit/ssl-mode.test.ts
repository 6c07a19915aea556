import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { openDriver } from '../../src/index.js';

/**
 * A server that speaks just enough of the protocol to show what the client did with TLS: it accepts
 * the SSLRequest with a self-signed certificate (CN "tidemark-test", not the address connected to)
 * and answers the first encrypted message with a FATAL error saying the session was encrypted. A
 * client that verifies the certificate never gets that far.
 */
function errorResponse(message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C08P01\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0, 'latin1');
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

let dir: string;
let server: net.Server;
let port: number;
let certFile: string;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-ssl-'));
  const keyFile = path.join(dir, 'key.pem');
  certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=tidemark-test'], { stdio: 'ignore' });
  const [key, cert] = await Promise.all([fs.readFile(keyFile), fs.readFile(certFile)]);
  server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (request) => {
      // SSLRequest: int32 8, int32 80877103.
      if (request.length !== 8 || request.readInt32BE(4) !== 80877103) return socket.destroy();
      socket.write('S');
      const secure = new tls.TLSSocket(socket, { isServer: true, key, cert });
      secure.on('error', () => {});
      secure.once('data', () => secure.end(errorResponse('tidemark test server: the session is encrypted')));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fs.rm(dir, { recursive: true, force: true });
});

async function connectError(query: string): Promise<string> {
  const error = await openDriver(`postgres://app:pw@127.0.0.1:${port}/app?${query}`).then(
    async (db) => {
      await db.close();
      return new Error('connected');
    },
    (e: unknown) => e as Error,
  );
  return error.message;
}

describe('sslmode has its libpq meaning on node-postgres, without its security warning', () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  before(() => process.on('warning', onWarning));
  after(() => process.off('warning', onWarning));

  it('require encrypts without verifying the certificate', async () => {
    assert.match(await connectError('sslmode=require'), /the session is encrypted/);
  });

  it('verify-ca checks the chain against sslrootcert but not the host name', async () => {
    assert.match(await connectError(`sslmode=verify-ca&sslrootcert=${encodeURIComponent(certFile)}`), /the session is encrypted/);
  });

  it('verify-full checks both: a self-signed certificate, or one for another host, is refused', async () => {
    assert.match(await connectError('sslmode=verify-full'), /self[- ]signed certificate/i);
    assert.match(await connectError(`sslmode=verify-full&sslrootcert=${encodeURIComponent(certFile)}`), /Hostname\/IP does not match|altnames/i);
  });

  it('prefer encrypts when the server can (it does not fall back on a server that said yes)', async () => {
    assert.match(await connectError('sslmode=prefer'), /the session is encrypted/);
  });

  it('no warning was printed for any of them', () => {
    assert.deepEqual(warnings.filter((w) => /SECURITY WARNING|sslmode/i.test(w)), []);
  });

  it('an unknown sslmode, and verify-ca without a CA, are usage errors before connecting', async () => {
    await assert.rejects(openDriver(`postgres://app:s3cret@127.0.0.1:${port}/app?sslmode=requir`), (e: Error & { exitCode?: number }) => {
      assert.equal(e.exitCode, 2);
      assert.match(e.message, /sslmode "requir" is not one of disable, allow, prefer, require, verify-ca, verify-full/);
      assert.ok(!e.message.includes('s3cret'));
      return true;
    });
    await assert.rejects(openDriver(`postgres://app@127.0.0.1:${port}/app?sslmode=verify-ca`), /sslmode=verify-ca needs sslrootcert=<file>/);
  });
});

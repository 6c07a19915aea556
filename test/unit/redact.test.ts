import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDatabaseUrl, redactUrl } from '../../src/index.js';
import { formatServerUrl, parseServerUrl, withDatabase } from '../../src/driver/url.js';

/** Passwords that broke the old redaction, or any redaction that splits at the first `@` or `/`. */
const PASSWORDS = ['Sup3r@S3cretPW', 'a:b:c', 'sl/ash/ed', 'p%40ss%2Fword', 'at@and:colon/and%40', 'q?uery', 'h#ash', '@@', ':', '/'];

describe('redactUrl', () => {
  for (const password of PASSWORDS) {
    it(`hides the whole password ${JSON.stringify(password)}, whatever port or path follows`, () => {
      for (const hostPart of ['127.0.0.1:99999/x', 'db.example.com/app?application_name=me', '/app?host=/var/run/postgresql', '[::1]:5432/app']) {
        const raw = `postgres://app:${password}@${hostPart}`;
        const shown = redactUrl(raw);
        assert.equal(shown, `postgres://app:***@${hostPart}`, raw);
      }
    });
  }

  it('leaves a URL without a password as typed, and hides secret query parameters', () => {
    assert.equal(redactUrl('postgres://app@db/app'), 'postgres://app@db/app');
    assert.equal(redactUrl('postgres:///app?host=/tmp'), 'postgres:///app?host=/tmp');
    assert.equal(redactUrl('postgres://db/app?user=u&password=p@ss&sslpassword=x'), 'postgres://db/app?user=u&password=***&sslpassword=***');
    assert.equal(redactUrl('postgres://db:5432/app?password=hunter2&application_name=x'), 'postgres://db:5432/app?password=***&application_name=x');
    assert.equal(redactUrl('postgres://u:pw@db/app?password=hunter2'), 'postgres://u:***@db/app?password=***');
    assert.equal(redactUrl('mysql://root:hunter2@localhost/app'), 'mysql://root:***@localhost/app');
  });

  it('hides a password in a libpq key/value string and in text that is no URL', () => {
    assert.equal(redactUrl("host=db password='s3 cr3t' dbname=app"), 'host=db password=*** dbname=app');
    assert.equal(redactUrl('host=db password=s3cr3t'), 'host=db password=***');
    assert.equal(redactUrl('not a url'), 'not a url');
  });

  it('never prints any part of a password an `@` follows in a query value (hiding too much is the safe error)', () => {
    const shown = redactUrl('postgres://u:p?w@db/app?application_name=me@laptop');
    assert.ok(!shown.includes('p?w'), shown);
  });
});

describe('libpq socket URLs', () => {
  it('are accepted, with and without credentials, and keep their empty host when their database changes', () => {
    for (const raw of ['postgresql://u:pw@/db?host=/var/run/postgresql', 'postgres:///db?host=/tmp', 'postgresql://u@/db']) {
      assert.deepEqual(parseDatabaseUrl(raw, '/'), { kind: 'postgres', url: raw });
      assert.equal(formatServerUrl(parseServerUrl(raw)), raw);
      assert.equal(parseServerUrl(raw).pathname, '/db');
    }
    assert.equal(withDatabase('postgresql://u:pw@/db?host=/var/run/postgresql', 'other'), 'postgresql://u:pw@/other?host=/var/run/postgresql');
    assert.equal(withDatabase('postgres://u:p%40ss@h:5/db', 'x y'), 'postgres://u:p%40ss@h:5/x%20y');
  });

  it('a URL node-postgres could not parse is still refused', () => {
    assert.throws(() => parseDatabaseUrl('postgres://u:pw@h:99999/db', '/'), /not a valid URL/);
    assert.throws(() => parseDatabaseUrl('postgresql://u:pw@?host=/tmp', '/'), /not a valid URL/);
  });
});

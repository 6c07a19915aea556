import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { approximate } from '../../src/docs/render.js';
import { code, escapeText, table } from '../../src/docs/markdown.js';
import { joinEnumComment, splitEnumComment } from '../../src/docs/enum-comment.js';
import { parseMarkdown } from '../../src/reference/markdown.js';
import { toString } from 'mdast-util-to-string';

describe('docs building blocks', () => {
  it('row estimates: exact below 1,000, two significant digits above', () => {
    assert.deepEqual([0, 7, 999, 1000, 12_345, 987_654, 1_250_000].map(approximate), ['0', '7', '999', '~1,000', '~12,000', '~990,000', '~1,300,000']);
  });

  it('escaped text reads back as the original through a Markdown parser, in paragraphs and table cells', async () => {
    const samples = ['user_id', '_private_', 'a*b*c', 'x | y', '`tick`', '# heading', '- item', '1. first', '<b>tag</b>', '[link](x)', '&amp; entity', '~strike~', 'back\\slash'];
    for (const sample of samples) {
      const paragraph = await parseMarkdown(escapeText(sample));
      assert.equal(toString(paragraph), sample, `paragraph: ${escapeText(sample)}`);
      const grid = await parseMarkdown(table(['A'], [[escapeText(sample, false)]]));
      assert.equal(toString(grid), `A${sample}`, `cell: ${escapeText(sample, false)}`);
    }
    assert.equal(escapeText('user_id'), 'user_id', 'underscores inside words stay readable');
    const span = await parseMarkdown(code('a ``b`` c'));
    assert.equal(toString(span), 'a ``b`` c');
  });

  it('enum value descriptions live in the type comment: summary: value = text; …', () => {
    const values = ['owner', 'member'];
    const split = splitEnumComment('Role of a user: owner = Full access; member = Standard access', values);
    assert.equal(split.summary, 'Role of a user');
    assert.deepEqual([...split.values], [['owner', 'Full access'], ['member', 'Standard access']]);
    assert.equal(joinEnumComment(split.summary, [...split.values]), 'Role of a user: owner = Full access; member = Standard access');
    assert.deepEqual(splitEnumComment('Just a summary: with a colon', values), { summary: 'Just a summary: with a colon', values: new Map() });
    assert.deepEqual(splitEnumComment('Roles: owner = x; viewer = y', values).values.size, 0, 'values the type does not have make it prose');
    assert.equal(joinEnumComment(null, [['owner', ''], ['member', '']]), null);
  });
});

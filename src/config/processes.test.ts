import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AUTO_WEB_CONCURRENCY, parseWebConcurrency, WebConcurrencyError } from './processes.ts';

test('WEB_CONCURRENCY unset or blank runs one web process; auto runs one per usable CPU, at most the cap', () => {
  assert.equal(parseWebConcurrency(undefined), 1);
  assert.equal(parseWebConcurrency('  '), 1);
  const auto = parseWebConcurrency('auto');
  assert.ok(auto >= 1 && auto <= MAX_AUTO_WEB_CONCURRENCY);
  assert.equal(parseWebConcurrency('AUTO'), auto);
  assert.equal(parseWebConcurrency('3'), 3);
});

test('WEB_CONCURRENCY that is not auto or a whole number in range is refused, naming the value', () => {
  for (const bad of ['0', '-1', 'two', '1.5', '100000']) assert.throws(() => parseWebConcurrency(bad), (e: unknown) => e instanceof WebConcurrencyError && e.message.includes(bad));
});

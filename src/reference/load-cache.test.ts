import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHE_DIR_ENV, cached, codeSignature, PREBUILT_CACHE_DIR, referenceCodeSignature } from './load-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'mbg-load-cache-'));
const saved = process.env[CACHE_DIR_ENV];
process.env[CACHE_DIR_ENV] = dir;
after(() => {
  if (saved === undefined) delete process.env[CACHE_DIR_ENV];
  else process.env[CACHE_DIR_ENV] = saved;
  rmSync(dir, { recursive: true, force: true });
});

test('a derived value is computed once, then read back from the cache folder under a key that names its inputs', () => {
  let computed = 0;
  const key = ['data.json', '120:1700000000000', referenceCodeSignature(), `test-${process.pid}`];
  const first = cached('unit', key, () => { computed++; return { rows: [1, 2, 3] }; });
  const second = cached('unit', key, () => { computed++; return { rows: [] }; });
  assert.deepEqual(second, first);
  assert.equal(computed, 1);
  assert.equal(readdirSync(dir).filter((f) => f.startsWith('unit-')).length, 1);
  cached('unit', [...key.slice(0, 1), '121:1700000000000', ...key.slice(2)], () => { computed++; return { rows: [] }; });
  assert.equal(computed, 2, 'another data stamp is another entry');
});

test('the reference code signature is a stable hash of the reference modules\' files', () => {
  assert.match(referenceCodeSignature(), /^[0-9a-f]{16}$/);
  assert.equal(referenceCodeSignature(), referenceCodeSignature());
  assert.notEqual(codeSignature('a'), codeSignature('b'));
});

test('an entry the build left in dist/cache/ is read when the user\'s folder has none, and nothing is written', () => {
  // The same file name the user folder would hold, placed in the prebuilt folder.
  const key = ['prebuilt.json', `${process.pid}`, referenceCodeSignature()];
  const probe = mkdtempSync(join(tmpdir(), 'mbg-probe-'));
  process.env[CACHE_DIR_ENV] = probe;
  try {
    cached('unit-prebuilt', key, () => ({ from: 'computed' }));
    const [name] = readdirSync(probe);
    assert.ok(name);
    rmSync(join(probe, name!));
    let prebuiltWritten = false;
    try {
      writeFileSync(join(PREBUILT_CACHE_DIR, name!), JSON.stringify({ from: 'prebuilt' }));
      prebuiltWritten = true;
    } catch {
      // dist/ not built: the fallback cannot be exercised here
    }
    assert.ok(prebuiltWritten, 'dist/cache/ exists after npm run build');
    try {
      assert.deepEqual(cached('unit-prebuilt', key, () => ({ from: 'computed again' })), { from: 'prebuilt' });
      assert.deepEqual(readdirSync(probe), []);
    } finally {
      rmSync(join(PREBUILT_CACHE_DIR, name!), { force: true });
    }
  } finally {
    process.env[CACHE_DIR_ENV] = dir;
    rmSync(probe, { recursive: true, force: true });
  }
});

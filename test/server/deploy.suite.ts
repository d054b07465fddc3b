// The deploy files and the service's documentation agree with the code: every deploy file runs
// the real CLI (`node bin/medbillguard.js serve|worker|migrate`) and checks readiness, and
// docs/SERVICE.md names every environment variable the service's code reads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EnvSchema } from '../../src/config/config.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const CLI = /^node bin\/medbillguard\.js (serve|worker|migrate)\b/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  const root = new URL(`../../${dir}/`, import.meta.url).pathname;
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) sourceFiles(`${dir}/${name}`, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The service's commands in each deploy file, as written there. */
function deployCommands(): Record<string, string[]> {
  const docker = read('Dockerfile');
  const entry = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(docker)?.[1] ?? 'null') as string[] | null;
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(docker)?.[1] ?? 'null') as string[] | null;
  const compose = read('docker-compose.yml');
  // Services built from this image (`<<: *app`) give only the subcommand; the image's ENTRYPOINT runs the CLI.
  const composeCommands = [...compose.matchAll(/^  (\w+):\n    <<: \*app\n(?:    .*\n)*?    command: (\[.*\])$/gm)]
    .map((m) => [...(entry ?? []), ...(JSON.parse(m[2]!) as string[])].join(' '));
  const procfile = read('Procfile').trim().split('\n').map((l) => l.replace(/^\w+:\s*/, ''));
  const railway = read('railway.toml');
  const nixpacks = read('nixpacks.toml');
  return {
    Dockerfile: [[...(entry ?? []), ...(cmd ?? [])].join(' ')],
    'docker-compose.yml': composeCommands,
    Procfile: procfile,
    'railway.toml': [...railway.matchAll(/^(?:preDeployCommand|startCommand) = (?:\["([^"]+)"\]|"([^"]+)")$/gm)].map((m) => m[1] ?? m[2]!),
    'nixpacks.toml': [/^cmd = "([^"]+)"$/m.exec(nixpacks)?.[1] ?? ''],
  };
}

export function deploySuites(): void {
  describe('deploy files and documentation', () => {
    test('every deploy file runs the CLI (node bin/medbillguard.js serve|worker|migrate), and together they run all three', () => {
      const commands = deployCommands();
      const seen = new Set<string>();
      for (const [file, list] of Object.entries(commands)) {
        assert.ok(list.length > 0, `${file}: no command found`);
        for (const c of list) {
          const m = CLI.exec(c);
          assert.ok(m, `${file}: "${c}" does not run the medbillguard CLI`);
          seen.add(m[1]!);
        }
      }
      assert.deepEqual([...seen].sort(), ['migrate', 'serve', 'worker']);
      assert.deepEqual(commands['docker-compose.yml']!.map((c) => c.split(' ')[2]).sort(), ['migrate', 'serve', 'worker']);
      assert.deepEqual(commands.Procfile!.map((c) => c.split(' ')[2]), ['migrate', 'serve', 'worker']);
      const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> };
      assert.equal(pkg.bin.medbillguard, 'bin/medbillguard.js');
      assert.match(read('bin/medbillguard.js'), /dist\/cli\/main\.js/);
      assert.match(read('src/cli/main.ts'), /case 'serve': case 'worker': case 'migrate':/);
    });

    test('the platforms check /health/readiness', () => {
      assert.match(read('Dockerfile'), /HEALTHCHECK [\s\S]*\/health\/readiness/);
      assert.match(read('railway.toml'), /^healthcheckPath = "\/health\/readiness"$/m);
    });

    test('docs/SERVICE.md names every environment variable the service reads', () => {
      const doc = read('docs/SERVICE.md');
      const names = new Set(Object.keys(EnvSchema.shape));
      for (const dir of ['src/server', 'src/store', 'src/queue', 'src/config']) {
        for (const file of sourceFiles(dir)) {
          for (const m of readFileSync(file, 'utf8').matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) names.add(m[1] ?? m[2]!);
        }
      }
      assert.ok(names.has('DATABASE_URL') && names.has('MBG_FAULT'), [...names].join(', '));
      const missing = [...names].filter((n) => !doc.includes(`\`${n}\``));
      assert.deepEqual(missing, [], 'variables not in docs/SERVICE.md');
    });
  });
}

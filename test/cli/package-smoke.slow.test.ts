import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/cli.js';

/**
 * What npm users get is what is tested: the package is packed as `npm publish` would pack it,
 * installed into a project of its own with the production dependencies the lockfile pins
 * (from npm's cache, no network), and run through `npx`.
 */
const root = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface LockEntry {
  version?: string;
  resolved?: string;
  dev?: boolean;
  link?: boolean;
  [k: string]: unknown;
}

function installPacked(): string {
  const dir = tempRepo({}, { git: false });
  mkdirSync(join(dir, 'pkg'));
  // dist/ is built by `npm run test:slow` before vitest starts; rebuilding here would race other tests
  const name = execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', join(dir, 'pkg')], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop() as string;
  const tgz = join(dir, 'pkg', name);
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const self = lock.packages[''] as LockEntry;
  const packages: Record<string, LockEntry> = {
    '': { name: 'smoke', version: '1.0.0', dependencies: { 'runbook-lint': `file:${tgz}` } },
  };
  // with the registry URL of each tarball, npm ci takes it from its cache by integrity and
  // needs no registry metadata: the project lockfile may leave `resolved` out
  const tarball = (path: string, version: string): string => {
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.link) continue;
    packages[path] = entry.resolved || !entry.version ? entry : { ...entry, resolved: tarball(path, entry.version) };
  }
  packages['node_modules/runbook-lint'] = {
    version: self.version,
    resolved: `file:${tgz}`,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`,
    dependencies: self.dependencies,
    bin: self.bin,
    engines: self.engines,
  };
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'smoke', version: '1.0.0', private: true, dependencies: { 'runbook-lint': `file:${tgz}` } }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'smoke', version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
  );
  execFileSync(npm, ['ci', '--offline', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  return project;
}

describe('the packed tarball, installed', () => {
  it('runs through npx: version, a YAML config, code rules (tree-sitter wasm), fix and the report', () => {
    const project = installPacked();
    const npx = (...args: string[]) =>
      spawnSync('npx', ['--no-install', 'runbook-lint', ...args], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(npx('--version').stdout).toBe(`${pkg.version}\n`);
    writeFileSync(
      join(project, 'MIGRATION_RUNBOOK.md'),
      '# PHASE A: Baseline\n' +
        '\nLaravel writes `sms_logs`. The client calls getRecipientByUuid.\n' +
        '\n## Step 17: Shadow\n' +
        "\n```php\nif ($mode === 'SHADOW') {\n" +
        "    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', " +
        '1);\n}\n```\n',
    );
    const all = npx('check', '--format', 'json');
    expect(all.status).toBe(1);
    const rules = (JSON.parse(all.stdout) as { messages: { ruleId: string }[] }[])[0]?.messages.map((m) => m.ruleId);
    expect(rules).toContain('quota-safety');
    expect(rules).toContain('no-recipient-lookup');
    for (const name of ['.runbook-lint.yaml', '.runbook-lint.yml']) {
      writeFileSync(join(project, name), 'rules:\n  quota-safety: off\n');
      const configured = npx('check', '--format', 'json');
      expect(configured.stderr, name).toBe('');
      expect(
        (JSON.parse(configured.stdout) as { messages: { ruleId: string }[] }[])[0]?.messages.map((m) => m.ruleId),
        name,
      ).not.toContain('quota-safety');
      execFileSync('rm', [join(project, name)]);
    }
    // two files on the worker pool: dist/lint-worker.js and tinypool as the installed package has them
    writeFileSync(join(project, 'SECOND.md'), readFileSync(join(project, 'MIGRATION_RUNBOOK.md')));
    const pooled = spawnSync('npx', ['--no-install', 'runbook-lint', '--concurrency', '2', '--format', 'json', '.'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', DEBUG: 'runbook-lint' },
    });
    expect(pooled.stderr).toBe('runbook-lint: linting 2 files on 2 worker threads\n');
    expect(
      (JSON.parse(pooled.stdout) as { filePath: string; messages: { ruleId: string }[] }[]).map((r) => r.filePath),
    ).toEqual(['MIGRATION_RUNBOOK.md', 'SECOND.md']);
    execFileSync('rm', [join(project, 'SECOND.md')]);
    const fix = npx('fix', '--write', '--report', 'REPORT.md');
    expect(fix.stderr).toMatch(/^MIGRATION_RUNBOOK\.md: \d+ fix(es)? from \d+ rules? applied/);
    expect(readFileSync(join(project, 'MIGRATION_RUNBOOK.md'), 'utf8')).not.toContain('getRecipientByUuid');
    expect(readFileSync(join(project, 'REPORT.md'), 'utf8')).toMatch(/Part D/);
  }, 180_000);
});

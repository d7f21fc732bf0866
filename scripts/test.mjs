// npm test: build, then the type-check and the linters beside the test suite rather than before it
// (on two cores they fill the time vitest spends waiting on the CLI processes it spawns). Their
// output is printed after the suite's, and the run fails when any of them fails.
import { spawn } from 'node:child_process';

const run = (command, args, { quiet }) =>
  new Promise((done) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell: false });
    let output = '';
    if (quiet) {
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
    }
    child.on('close', (code) => done({ name: [command, ...args].join(' '), code: code ?? 1, output }));
  });

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = await run(npm, ['run', '--silent', 'build'], { quiet: false });
if (build.code !== 0) process.exit(build.code);
const [suite, ...checks] = await Promise.all([
  run(npm, ['exec', '--', 'vitest', 'run', ...process.argv.slice(2)], { quiet: false }),
  run(npm, ['run', '--silent', 'typecheck'], { quiet: true }),
  run(npm, ['run', '--silent', 'lint'], { quiet: true }),
]);
for (const c of checks) {
  process.stdout.write(`\n${c.code === 0 ? '✔' : '✖'} ${c.name}\n${c.output}`);
}
const failed = [suite, ...checks].filter((r) => r.code !== 0);
process.exit(failed.length > 0 ? 1 : 0);

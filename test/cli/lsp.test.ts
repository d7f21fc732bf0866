import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CodeAction,
  createProtocolConnection,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
} from 'vscode-languageserver-protocol/node.js';
import { cli, tempRepo } from '../helpers/cli.js';

/**
 * `runbook-lint lsp` (issue 17, item 1) driven by a real LSP client over stdio, through the
 * built bin as an editor starts it: initialize, didOpen, publishDiagnostics, codeAction,
 * hover, didChange, shutdown. The edits it offers are applied here and compared with `fix`.
 */
const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook-lint.js');

/** A finding with a safe fix (the sentence naming a lookup) and one without (no invariants section). */
const RUNBOOK = [
  '# Runbook',
  '',
  'Laravel writes `sms_logs`.',
  '',
  '```php',
  "$response = Http::timeout(5)->post(config('services.go.url') . '/v1/sms/send', $payload);",
  '```',
  '',
  '`getRecipientByUuid` is called here.',
  '',
].join('\n');

interface Session {
  child: ChildProcess;
  connection: ProtocolConnection;
  diagnostics: (uri: string, version?: number) => Promise<Diagnostic[]>;
  /** the next diagnostics published for the document, after the call */
  next: (uri: string) => Promise<Diagnostic[]>;
}

const sessions: Session[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) {
    s.connection.dispose();
    s.child.kill();
  }
});

async function start(cwd: string): Promise<Session> {
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout as NodeJS.ReadableStream),
    new StreamMessageWriter(child.stdin as NodeJS.WritableStream),
  );
  const published = new Map<string, { version?: number; diagnostics: Diagnostic[] }[]>();
  const waiters: (() => void)[] = [];
  connection.onNotification(
    'textDocument/publishDiagnostics',
    (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      const list = published.get(p.uri) ?? [];
      list.push(p);
      published.set(p.uri, list);
      for (const w of waiters.splice(0)) w();
    },
  );
  connection.listen();
  const session: Session = {
    child,
    connection,
    diagnostics: async (uri, version) => {
      for (;;) {
        const hit = (published.get(uri) ?? []).find((p) => version === undefined || p.version === version);
        if (hit) return hit.diagnostics;
        await new Promise<void>((done) => waiters.push(done));
      }
    },
    next: async (uri) => {
      const seen = (published.get(uri) ?? []).length;
      for (;;) {
        const list = published.get(uri) ?? [];
        if (list.length > seen) return (list[seen] as { diagnostics: Diagnostic[] }).diagnostics;
        await new Promise<void>((done) => waiters.push(done));
      }
    },
  };
  sessions.push(session);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(cwd).href,
    capabilities: {},
  });
  await connection.sendNotification('initialized', {});
  return session;
}

/** A repository holding one runbook, a server in it, the runbook opened: its first diagnostics. */
async function openOne(name: string, text: string) {
  const dir = tempRepo({ [name]: text });
  const uri = pathToFileURL(join(dir, name)).href;
  const s = await start(dir);
  await s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'markdown', version: 1, text },
  });
  return { dir, uri, s, diagnostics: await s.diagnostics(uri, 1) };
}

/** Applies LSP text edits (positions of the original text) to a text with LF line ends. */
function apply(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('runbook-lint lsp', () => {
  it('publishes the diagnostics check reports, at the same positions, with rule ids and docs links', async () => {
    const { dir, diagnostics } = await openOne('RUNBOOK.md', RUNBOOK);
    const checked = JSON.parse((await cli(['check', 'RUNBOOK.md', '-f', 'json'], { cwd: dir })).stdout) as {
      messages: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[];
    }[];
    const expected = (checked[0]?.messages ?? []).map((m) => ({
      code: m.ruleId,
      range: {
        start: { line: m.line - 1, character: m.column - 1 },
        end: { line: m.endLine - 1, character: m.endColumn - 1 },
      },
    }));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(diagnostics.map((d) => ({ code: d.code, range: d.range }))).toEqual(expected);
    const invariants = diagnostics.find((d) => d.code === 'invariants-section');
    expect(invariants?.source).toBe('runbook-lint');
    expect(invariants?.severity).toBe(1);
    expect(invariants?.codeDescription?.href).toMatch(/rules\/invariants-section\/README\.md$/);
  }, 60_000);

  it('offers the fix as a quick fix, and fix-all with exactly what `fix` writes', async () => {
    const { dir, uri, s, diagnostics } = await openOne('RUNBOOK.md', RUNBOOK);
    const lookup = diagnostics.find((d) => d.code === 'no-recipient-lookup') as Diagnostic;
    const quick = (await s.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: lookup.range,
      context: { diagnostics: [lookup], only: ['quickfix'] },
    })) as CodeAction[];
    expect(quick.map((a) => [a.kind, a.isPreferred])).toEqual([['quickfix', true]]);
    expect(quick[0]?.title).toMatch(/^Fix: /);
    const fixedOne = apply(RUNBOOK, quick[0]?.edit?.changes?.[uri] ?? []);
    // no quick fix for the missing invariants here: the section is the team's to write
    const invariants = diagnostics.find((d) => d.code === 'invariants-section') as Diagnostic;
    const none = await s.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: invariants.range,
      context: { diagnostics: [invariants], only: ['quickfix'] },
    });
    expect(none).toEqual([]);

    const all = (await s.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    expect(all.map((a) => a.kind)).toEqual(['source.fixAll']);
    await cli(['fix', '--write', 'RUNBOOK.md'], { cwd: dir });
    const written = readFileSync(join(dir, 'RUNBOOK.md'), 'utf8');
    expect(written).not.toBe(RUNBOOK);
    expect(apply(RUNBOOK, all[0]?.edit?.changes?.[uri] ?? [])).toBe(written);
    // the one fix there is, applied as a quick fix, is what fix writes too
    expect(fixedOne).toBe(written);
  }, 60_000);

  it('labels the unsafe fixes on the example runbook: safe ones preferred, unsafe ones titled for review', async () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');
    const { uri, s } = await openOne('MIGRATION_RUNBOOK.md', text);
    const lines = text.split('\n').length;
    const actions = (await s.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    const safe = actions.filter((a) => a.title.startsWith('Fix: '));
    const unsafe = actions.filter((a) => a.title.startsWith('Unsafe fix (review the change): '));
    expect(safe.length).toBeGreaterThan(0);
    expect(unsafe.length).toBeGreaterThan(0);
    expect(safe.length + unsafe.length).toBe(actions.length);
    expect(new Set(safe.map((a) => a.isPreferred))).toEqual(new Set([true]));
    expect(new Set(unsafe.map((a) => a.isPreferred))).toEqual(new Set([false]));
  }, 60_000);

  it('one process for many documents; a changed config file re-lints them all', async () => {
    const dir = tempRepo({ 'RUNBOOK.md': RUNBOOK, 'ops/OTHER_RUNBOOK.md': RUNBOOK });
    const uris = ['RUNBOOK.md', 'ops/OTHER_RUNBOOK.md'].map((f) => pathToFileURL(join(dir, f)).href);
    const s = await start(dir);
    for (const uri of uris)
      await s.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text: RUNBOOK },
      });
    for (const uri of uris) {
      expect((await s.diagnostics(uri, 1)).map((d) => d.code)).toContain('no-recipient-lookup');
    }
    const after = uris.map((uri) => s.next(uri));
    writeFileSync(join(dir, '.runbook-lint.json'), '{ "rules": { "no-recipient-lookup": "off" } }\n');
    await s.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, '.runbook-lint.json')).href, type: 1 }],
    });
    for (const d of await Promise.all(after)) expect(d.map((x) => x.code)).not.toContain('no-recipient-lookup');
  }, 60_000);

  it('hovers a finding with its why and docs; relints on change; clears on close; exits on exit', async () => {
    const { uri, s, diagnostics } = await openOne('RUNBOOK.md', RUNBOOK);
    const lookup = diagnostics.find((d) => d.code === 'no-recipient-lookup') as Diagnostic;
    const hover = (await s.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: lookup.range.start,
    })) as Hover;
    const value = (hover.contents as { value: string }).value;
    expect(value).toMatch(/^\*\*no-recipient-lookup\*\*: /);
    expect(value).toMatch(/Why: /);
    expect(value).toMatch(/\[Documentation\]\(.*rules\/no-recipient-lookup\/README\.md\)/);

    // the line with the lookup removed, as an incremental change
    const line = RUNBOOK.split('\n').indexOf('`getRecipientByUuid` is called here.');
    await s.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }],
    });
    expect((await s.diagnostics(uri, 2)).map((d) => d.code)).not.toContain('no-recipient-lookup');

    await s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await s.connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((done) => s.child.on('exit', (code) => done(code)));
    await s.connection.sendNotification('exit');
    expect(await exited).toBe(0);
  }, 60_000);
});

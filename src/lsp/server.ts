import { fileURLToPath } from 'node:url';
import type * as Lsp from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleInfos } from '../formatters/rule-info.js';
import { ConfigResolver, CONFIG_FILE_NAMES } from '../config/load.js';
import { LineIndex } from '../document/line-index.js';
import { lintText } from '../engine/lint.js';
import type { Edit, LintMessage, Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { fixToFixedPoint } from '../fix/fix-loop.js';

/** After the last keystroke, how long a document waits before it is linted again. */
const DEBOUNCE_MS = 200;

interface Linted {
  version: number;
  /** the text the messages' offsets refer to (without a byte-order mark) */
  text: string;
  /** 1 when the editor's text starts with a byte-order mark the linter does not see */
  bom: number;
  messages: LintMessage[];
  /** the text's lines, as the linter counts them (\n, \r\n or a lone \r) */
  lines: LineIndex;
  /** what fix-all writes, made once per version: editors ask for code actions at every cursor move */
  fixAll?: Promise<string | null>;
}

/**
 * `runbook-lint lsp`: a Language Server over stdio. One process for every open document:
 * diagnostics when a document opens and, debounced, as it changes; a quick fix per finding with
 * a fix (unsafe ones labelled so), "fix all" as a source action with what `fix` would write;
 * a hover with the rule's why and its docs; configs re-read when one changes. The protocol
 * library is loaded here only, so no other command pays for it.
 */
export async function runLanguageServer(
  rules: readonly Rule<unknown>[],
  streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<number> {
  const lsp = await import('vscode-languageserver/node.js');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const connection = lsp.createConnection(
    new lsp.StreamMessageReader(streams.input),
    new lsp.StreamMessageWriter(streams.output),
  );
  const documents = new lsp.TextDocuments(TextDocument);
  const docs = new Map(ruleInfos(rules).map((r) => [r.id, r]));
  const linted = new Map<string, Linted>();
  const timers = new Map<string, NodeJS.Timeout>();
  let root = process.cwd();
  let configs = new ConfigResolver(rules, null, [], root);
  let watchRegistration = false;

  const validate = async (doc: TextDocument): Promise<void> => {
    const raw = doc.getText();
    const bom = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
    const text = raw.slice(bom);
    const filePath = pathOf(doc.uri);
    let messages: LintMessage[];
    try {
      const config = await configs.forFile(filePath);
      messages = (await lintText({ text, filePath, config, rules })).result.messages;
    } catch (e) {
      // a broken config is one diagnostic at the top, as check's one line on stderr
      if (!(e instanceof UserError)) throw e;
      messages = [configProblem(e.message)];
    }
    // a newer version arrived while this one was linted: its own run publishes
    if (documents.get(doc.uri)?.version !== doc.version) return;
    linted.set(doc.uri, { version: doc.version, text, bom, messages, lines: new LineIndex(text) });
    void connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: messages.map((m) => diagnostic(lsp, m, bom, docs.get(m.ruleId ?? '')?.helpUri)),
    });
  };

  const schedule = (doc: TextDocument, delay: number): void => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        validate(doc).catch((e: unknown) => connection.console.error(`runbook-lint: ${String(e)}`));
      }, delay),
    );
  };

  connection.onInitialize((params) => {
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    if (params.rootUri?.startsWith('file:')) root = pathOf(params.rootUri);
    configs = new ConfigResolver(rules, null, [], root);
    return {
      capabilities: {
        textDocumentSync: lsp.TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll] },
        hoverProvider: true,
      },
      serverInfo: { name: 'runbook-lint' },
    };
  });

  connection.onInitialized(() => {
    if (!watchRegistration) return;
    const glob = `**/{${CONFIG_FILE_NAMES.join(',')}}`;
    void connection.client.register(lsp.DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: glob }],
    });
  });

  connection.onDidChangeWatchedFiles(() => {
    // any config may have changed, and with extends, any file a config names
    configs = new ConfigResolver(rules, null, [], root);
    for (const doc of documents.all()) schedule(doc, 0);
  });

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    linted.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const state = linted.get(params.textDocument.uri);
    if (!doc || !state || state.version !== doc.version) return [];
    const wanted = params.context.only;
    const actions: Lsp.CodeAction[] = [];
    const edit = (edits: readonly Edit[]): Lsp.WorkspaceEdit => ({
      changes: {
        [doc.uri]: edits.map((e) => ({
          range: { start: doc.positionAt(e.range[0] + state.bom), end: doc.positionAt(e.range[1] + state.bom) },
          newText: e.text,
        })),
      },
    });
    if (!wanted || wanted.some((k) => k.startsWith(lsp.CodeActionKind.QuickFix))) {
      const start = doc.offsetAt(params.range.start) - state.bom;
      const end = doc.offsetAt(params.range.end) - state.bom;
      for (const m of state.messages) {
        if (!m.edits || m.edits.length === 0) continue;
        const [from, to] = rangeOf(m, state.lines);
        if (to < start || from > end) continue;
        const unsafe = m.fixKind === 'unsafe';
        actions.push({
          title: `${unsafe ? 'Unsafe fix (review the change)' : 'Fix'}: ${m.fixDescription ?? m.message}`,
          kind: lsp.CodeActionKind.QuickFix,
          isPreferred: !unsafe,
          diagnostics: [diagnostic(lsp, m, state.bom, docs.get(m.ruleId ?? '')?.helpUri)],
          edit: edit(m.edits),
        });
      }
    }
    if (!wanted || wanted.some((k) => k.startsWith(lsp.CodeActionKind.SourceFixAll))) {
      if (state.messages.some((m) => m.fixKind === 'safe')) {
        state.fixAll ??= fixedText(state.text, pathOf(doc.uri));
        const output = await state.fixAll;
        if (output !== null && output !== state.text)
          actions.push({
            title: 'Fix all safe runbook-lint problems',
            kind: lsp.CodeActionKind.SourceFixAll,
            edit: edit([{ range: [0, state.text.length], text: output }]),
          });
      }
    }
    return actions;
  });

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    const state = linted.get(params.textDocument.uri);
    if (!doc || !state) return null;
    const at = doc.offsetAt(params.position) - state.bom;
    const here = state.messages.filter((m) => {
      const [from, to] = rangeOf(m, state.lines);
      return at >= from && at <= Math.max(to, from + 1);
    });
    if (here.length === 0) return null;
    const parts = here.map((m) => {
      const info = docs.get(m.ruleId ?? '');
      const lines = [`**${m.ruleId ?? 'runbook-lint'}**: ${m.message}`];
      if (m.note) lines.push(`Why: ${m.note}`);
      if (m.hint) lines.push(`Fix: ${m.hint}`);
      if (info) lines.push(`[Documentation](${info.helpUri})`);
      return lines.join('\n\n');
    });
    return { contents: { kind: lsp.MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
  });

  async function fixedText(text: string, filePath: string): Promise<string | null> {
    const config = await configs.forFile(filePath).catch(() => null);
    if (!config) return null;
    return (await fixToFixedPoint({ text, filePath, config, rules, unsafe: false })).output;
  }

  const closed = new Promise<number>((done) => {
    connection.onExit(() => done(0));
    streams.input.on('end', () => done(0));
  });
  documents.listen(connection);
  connection.listen();
  return closed;
}

/** A file path for the config lookup and the rules; a document that is no file is linted as if in the cwd. */
function pathOf(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // an odd file URI (another host) falls through to a name in the cwd
    }
  }
  return `${process.cwd()}/untitled.md`;
}

/** Document offsets of a message, from its 1-based line and column. */
function rangeOf(m: LintMessage, lines: LineIndex): [number, number] {
  const from = lines.offsetAt(m.line, m.column);
  return [from, Math.max(from, lines.offsetAt(m.endLine ?? m.line, m.endColumn ?? m.column))];
}

function diagnostic(
  lsp: typeof import('vscode-languageserver/node.js'),
  m: LintMessage,
  bom: number,
  helpUri: string | undefined,
): Lsp.Diagnostic {
  // LSP positions are 0-based; characters count UTF-16 code units, as the linter's columns do
  const shift = (line: number): number => (line === 1 ? bom : 0);
  const d: Lsp.Diagnostic = {
    range: {
      start: { line: m.line - 1, character: m.column - 1 + shift(m.line) },
      end: { line: (m.endLine ?? m.line) - 1, character: (m.endColumn ?? m.column) - 1 + shift(m.endLine ?? m.line) },
    },
    severity: m.severity === 2 ? lsp.DiagnosticSeverity.Error : lsp.DiagnosticSeverity.Warning,
    source: 'runbook-lint',
    message: m.hint ? `${m.message}\n${m.hint}` : m.message,
  };
  if (m.ruleId) d.code = m.ruleId;
  if (helpUri) d.codeDescription = { href: helpUri };
  return d;
}

function configProblem(text: string): LintMessage {
  return { ruleId: null, severity: 2, invariant: null, message: text, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

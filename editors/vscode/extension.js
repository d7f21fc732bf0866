// Starts `runbook-lint lsp --stdio` for Markdown files: the server does the rest (diagnostics
// as you type, quick fixes, "fix all", hovers). The workspace's own runbook-lint comes first, so
// the editor reports what the pre-commit hook and CI will.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function executable() {
  const configured = vscode.workspace.getConfiguration('runbook-lint').get('path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, 'node_modules', '.bin', 'runbook-lint');
    if (existsSync(local)) return local;
  }
  return 'runbook-lint';
}

function activate(context) {
  const command = executable();
  const run = { command, args: ['lsp', '--stdio'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'runbook-lint',
    'runbook-lint',
    { run, debug: run },
    {
      documentSelector: [{ scheme: 'file', language: 'markdown' }],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher('**/.runbook-lint.{json,yaml,yml}'),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };

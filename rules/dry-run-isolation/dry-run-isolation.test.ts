import { go } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const handler = (body: string[]): string =>
  go(['func (h *Handler) SendBatch(c *gin.Context) {', ...body.map((l) => `\t${l}`), '}'].join('\n'));
const guard = [
  'if req.DryRun {',
  '\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL: message_uuid=%s", msg.MessageUUID)',
  '\treturn',
  '}',
];

const noLogMarker = handler([
  'workers.Submit(func() {',
  '\tif req.DryRun {',
  '\t\th.updateLog(entry, "accepted")',
  '\t\treturn',
  '\t}',
  '\tcred, _ := h.loadCredentials(req.TenantID, m.Provider)',
  '})',
]);
const providerInBranch = handler(['if req.DryRun {', '\tp.Send(ctx, sandboxCred, to, body)', '\treturn', '}']);
const oneBranch = handler(['if batch {', '\tif req.DryRun {', '\t\treturn', '\t}', '}', 'p.Send(ctx, cred, to, body)']);
const sandboxTable =
  '| Mode | Go dry_run | Provider |\n|---|---|---|\n| OFF | n/a | legacy |\n' +
  '| SHADOW | true | provider sandbox |\n| ON | false | Go |\n';

const dryQuote =
  "For each dry-run message the Go service asks the provider's pricing endpoint for a quote, " +
  'so that the report shows what `ON` would cost.\n';

ruleTester('dry-run-isolation', {
  valid: [
    {
      name: 'prose: Laravel asks its provider for a quote, for what ON would cost',
      code: dryQuote.replace('the Go service asks', 'Laravel asks'),
    },
    {
      name: 'guard with log and return before the credentials',
      code: handler([
        ...guard,
        'cred, err := h.loadCredentials(req.TenantID, msg.Provider)',
        'id, err := p.Send(ctx, cred, msg.Recipient, msg.Body)',
      ]),
    },
    {
      name: 'guard inside the worker closure, before provider code',
      code: handler([
        'workers.Submit(func() {',
        ...guard.map((l) => `\t${l}`),
        '\tcred, _ := h.loadCredentials(req.TenantID, m.Provider)',
        '\tp.Send(ctx, cred, m.Recipient, m.Body)',
        '})',
      ]),
    },
    {
      name: 'provider code in a helper that is not a handler',
      code: go(
        'func (h *Handler) sendWithRetry(ctx context.Context, p Provider, ' +
          'msg Message) error {\n' +
          '\t_, err := p.Send(ctx, Credentials{}, msg.Recipient, msg.Body)\n' +
          '\treturn err\n}',
      ),
    },
    {
      name: 'a negated FAQ answer',
      code: 'In SHADOW mode the request carries `dry_run=true`, and the Go service does not call any provider.\n',
    },
    {
      name: 'a mode table saying no provider is called',
      code:
        '| Mode | Go dry_run | Provider |\n' +
        '|---|---|---|\n| OFF | n/a | legacy |\n' +
        '| SHADOW | true | no provider call |\n' +
        '| ON | false | Go |\n',
    },
    {
      name: 'a dry run that only records',
      code: 'The dry run writes the message to `go_sms_logs` and answers `accepted`.\n',
    },
  ],
  invalid: [
    {
      name: 'no guard at all',
      code: handler(['cred, err := h.loadCredentials(req.TenantID, msg.Provider)']),
      errors: [{ messageId: 'noGuard', line: 3, column: 15, endLine: 3, endColumn: 60 }],
      output: null,
    },
    {
      name: 'the guard comes after the provider call',
      code: handler(['id, err := p.Send(ctx, cred, msg.Recipient, msg.Body)', ...guard]),
      errors: [{ messageId: 'noGuard', line: 3, column: 13, endLine: 3, endColumn: 55 }],
      output: null,
    },
    {
      name: 'the guard does not return',
      code: handler([
        'if req.DryRun {',
        '\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")',
        '}',
        'p.Send(ctx, cred, to, body)',
      ]),
      errors: [{ messageId: 'guardNoReturn', line: 3, column: 5, endLine: 3, endColumn: 15 }],
      output: null,
    },
    {
      name: 'the guard returns without the log marker',
      code: noLogMarker,
      errors: [
        {
          messageId: 'guardNoLog',
          line: 4,
          column: 6,
          endLine: 4,
          endColumn: 16,
          includes: ['DRY_RUN_NO_PROVIDER_CALL'],
        },
      ],
      output: noLogMarker.replace(
        '\t\tif req.DryRun {\n',
        '\t\tif req.DryRun {\n\t\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")\n',
      ),
    },
    {
      name: 'provider code inside the dry-run branch',
      code: providerInBranch,
      errors: [
        { messageId: 'guardNoLog', line: 3, column: 5, endLine: 3, endColumn: 15 },
        { messageId: 'providerInDryRun', line: 4, column: 3, endLine: 4, endColumn: 37 },
      ],
      output: providerInBranch.replace(
        '\tif req.DryRun {\n',
        '\tif req.DryRun {\n\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")\n',
      ),
    },
    {
      name: 'a guard on one branch only',
      code: oneBranch,
      errors: [
        { messageId: 'guardNoLog', line: 4, column: 6, endLine: 4, endColumn: 16 },
        { messageId: 'noGuard', line: 8, column: 2, endLine: 8, endColumn: 29 },
      ],
      output: oneBranch.replace(
        '\t\tif req.DryRun {\n',
        '\t\tif req.DryRun {\n\t\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")\n',
      ),
    },
    {
      name: 'a net/http handler',
      code: go(
        'func sendBatch(w http.ResponseWriter, r *http.Request) {\n' +
          '\tcred, _ := loadCredentials(tenant, "twilio")\n' +
          '\t_ = cred\n}',
      ),
      errors: [{ messageId: 'noGuard', line: 3, column: 13, endLine: 3, endColumn: 46 }],
      output: null,
    },
    {
      name: 'prose: a dry run uses the provider sandbox',
      code: 'With dry_run=true the Go service calls the provider sandbox instead.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 69 }],
      output:
        'In SHADOW mode the Go service is called with `dry_run=true`; ' +
        'it records the message and calls no provider, sandbox included.\n',
    },
    {
      name: "prose: for each dry run the Go service asks the provider's pricing endpoint, for what ON would cost",
      code: dryQuote,
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 137 }],
      output:
        'In SHADOW mode the Go service is called with `dry_run=true`; ' +
        'it records the message and calls no provider, sandbox included.\n',
    },
    {
      name: 'mode table: SHADOW through the sandbox',
      code: sandboxTable,
      errors: [{ messageId: 'tableCell', line: 4, column: 19, endLine: 4, endColumn: 35 }],
      output: sandboxTable.replace('| SHADOW | true | provider sandbox |', '| SHADOW | true | no provider call |'),
    },
    {
      name: 'a configured provider call',
      code: handler(['deliver(ctx, msg)']),
      options: { providerCalls: ['deliver'] },
      errors: [{ messageId: 'noGuard', line: 3, column: 2, endLine: 3, endColumn: 19 }],
      output: null,
    },
  ],
});

import { go } from '../helpers/md.js';
import { ruleTester } from '../helpers/rule-tester.js';

const handler = (body: string[]): string =>
  go(['func (h *Handler) SendBatch(c *gin.Context) {', ...body.map((l) => `\t${l}`), '}'].join('\n'));
const guard = [
  'if req.DryRun {',
  '\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL: message_uuid=%s", msg.MessageUUID)',
  '\treturn',
  '}',
];

ruleTester('dry-run-isolation', {
  valid: [
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
        'func (h *Handler) sendWithRetry(ctx context.Context, p Provider, msg Message) error {\n\t_, err := p.Send(ctx, Credentials{}, msg.Recipient, msg.Body)\n\treturn err\n}',
      ),
    },
    {
      name: 'a negated FAQ answer',
      code: 'In SHADOW mode the request carries `dry_run=true`, and the Go service does not call any provider.\n',
    },
    {
      name: 'a mode table saying no provider is called',
      code: '| Mode | Go dry_run | Provider |\n|---|---|---|\n| OFF | n/a | legacy |\n| SHADOW | true | no provider call |\n| ON | false | Go |\n',
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
      errors: [{ messageId: 'noGuard', line: 3, column: 15 }],
    },
    {
      name: 'the guard comes after the provider call',
      code: handler(['id, err := p.Send(ctx, cred, msg.Recipient, msg.Body)', ...guard]),
      errors: [{ messageId: 'noGuard', line: 3 }],
    },
    {
      name: 'the guard does not return',
      code: handler([
        'if req.DryRun {',
        '\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")',
        '}',
        'p.Send(ctx, cred, to, body)',
      ]),
      errors: [{ messageId: 'guardNoReturn', line: 3, column: 5 }],
    },
    {
      name: 'the guard returns without the log marker',
      code: handler([
        'workers.Submit(func() {',
        '\tif req.DryRun {',
        '\t\th.updateLog(entry, "accepted")',
        '\t\treturn',
        '\t}',
        '\tcred, _ := h.loadCredentials(req.TenantID, m.Provider)',
        '})',
      ]),
      errors: [{ messageId: 'guardNoLog', line: 4, includes: ['DRY_RUN_NO_PROVIDER_CALL'] }],
    },
    {
      name: 'provider code inside the dry-run branch',
      code: handler(['if req.DryRun {', '\tp.Send(ctx, sandboxCred, to, body)', '\treturn', '}']),
      errors: [
        { messageId: 'guardNoLog', line: 3 },
        { messageId: 'providerInDryRun', line: 4 },
      ],
    },
    {
      name: 'a guard on one branch only',
      code: handler(['if batch {', '\tif req.DryRun {', '\t\treturn', '\t}', '}', 'p.Send(ctx, cred, to, body)']),
      errors: [
        { messageId: 'guardNoLog', line: 4 },
        { messageId: 'noGuard', line: 8 },
      ],
    },
    {
      name: 'a net/http handler',
      code: go(
        'func sendBatch(w http.ResponseWriter, r *http.Request) {\n\tcred, _ := loadCredentials(tenant, "twilio")\n\t_ = cred\n}',
      ),
      errors: [{ messageId: 'noGuard', line: 3 }],
    },
    {
      name: 'prose: a dry run uses the provider sandbox',
      code: 'With dry_run=true the Go service calls the provider sandbox instead.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1 }],
    },
    {
      name: 'mode table: SHADOW through the sandbox',
      code: '| Mode | Go dry_run | Provider |\n|---|---|---|\n| OFF | n/a | legacy |\n| SHADOW | true | provider sandbox |\n| ON | false | Go |\n',
      errors: [{ messageId: 'tableCell', line: 4, column: 19 }],
    },
    {
      name: 'a configured provider call',
      code: handler(['deliver(ctx, msg)']),
      options: { providerCalls: ['deliver'] },
      errors: [{ messageId: 'noGuard', line: 3 }],
    },
  ],
});

import { go } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

/** A gRPC-style handler (no HTTP types): it is checked because it branches on DryRun. */
const server = (body: string[], more = ''): string =>
  go(
    [
      'func (s *Server) SendBatch(ctx context.Context, req *pb.SendBatchRequest) (*pb.SendBatchResponse, error) {', // 2
      '\tif err := s.store.Record(ctx, req); err != nil {', // 3
      '\t\treturn nil, err', // 4
      '\t}', // 5
      ...body.map((l) => `\t${l}`),
      '}',
      more,
    ].join('\n'),
  );

const guard = [
  'if req.DryRun {',
  '\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL: message_uuid=%s", req.MessageUuid)',
  '\treturn &pb.SendBatchResponse{Status: "accepted"}, nil',
  '}',
];

const silentBranch = server([
  'if req.DryRun {',
  '\treturn &pb.SendBatchResponse{Status: "accepted"}, nil',
  '}',
  'return s.dispatch(ctx, req)',
]);

ruleTester('dry-run-isolation', {
  valid: [
    {
      name: 'class 5: credentials loaded after the DryRun branch returns',
      code: server([
        ...guard,
        'creds, err := s.registry.LoadCredentials(ctx, req.TenantId)',
        'return s.deliver(ctx, creds, req)',
      ]),
    },
    {
      name: 'class 5: a helper that reaches the provider, called after the DryRun branch',
      code: server(
        [...guard, 'return s.dispatch(ctx, req)'],
        'func (s *Server) dispatch(ctx context.Context, req *pb.SendBatchRequest) ' +
          '(*pb.SendBatchResponse, error) {\n' +
          '\tcreds, _ := s.registry.LoadCredentials(ctx, req.TenantId)\n' +
          '\treturn s.providerClient.Send(ctx, creds, req)\n' +
          '}',
      ),
    },
    {
      name: 'class 5: the handler calls a per-message helper that has its own DryRun check before the provider code',
      code: go(
        [
          'func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {',
          '\tfor _, m := range req.Messages {',
          '\t\tresults = append(results, h.sendOne(r.Context(), req, m))',
          '\t}',
          '}',
          '',
          'func (h *Handler) sendOne(ctx context.Context, req Request, m Message) Result {',
          '\tif req.DryRun {',
          '\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL: message_uuid=%s", m.MessageUUID)',
          '\t\treturn Result{Status: "accepted"}',
          '\t}',
          '\tcred, _ := h.registry.LoadCredentials(ctx, req.TenantID)',
          '\treturn h.deliver(ctx, cred, m)',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'a function without a DryRun branch and not a handler is not a dry-run path',
      code: go('func (p *Pool) Warm(ctx context.Context) {\n\tp.providerClient.Connect(ctx)\n}'),
    },
  ],
  invalid: [
    {
      name: 'class 5: provider credentials loaded before the DryRun check, by a name on no list',
      code: server([
        'creds, err := s.registry.LoadCredentials(ctx, req.TenantId)',
        ...guard,
        'return s.deliver(ctx, creds, req)',
      ]),
      errors: [{ messageId: 'noGuard', line: 6, column: 16, endLine: 6, endColumn: 61 }],
      output: null,
    },
    {
      name: 'class 5: a helper called before the DryRun check reaches the provider',
      code: server(
        ['s.warmUp(ctx, req)', ...guard, 'return s.deliver(ctx, req)'],
        'func (s *Server) warmUp(ctx context.Context, req *pb.SendBatchRequest) ' +
          '{\n\ts.providerClient.Connect(ctx, req.TenantId)\n' +
          '}',
      ),
      errors: [
        {
          messageId: 'noGuard',
          line: 6,
          column: 2,
          endLine: 6,
          endColumn: 20,
          includes: ['through warmUp() (line 14)'],
        },
      ],
      output: null,
    },
    {
      name: 'class 5: the DryRun branch returns accepted and logs nothing (the provider call is elsewhere)',
      code: silentBranch,
      errors: [{ messageId: 'guardNoLog', line: 6, column: 5, endLine: 6, endColumn: 15 }],
      output: silentBranch.replace(
        '\tif req.DryRun {\n',
        '\tif req.DryRun {\n\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")\n',
      ),
    },
  ],
});

/** A chi router whose group wraps a DryRun-checking handler in a middleware (the Use on line 3). */
const routed = (middleware: string[]): string =>
  go(
    [
      'func routes(r chi.Router, h *Handler, reg *providers.Registry) {', // 2
      '\tr.Use(warm(reg))', // 3
      '\tr.Post("/send-batch", h.SendBatch)', // 4
      '}', // 5
      '', // 6
      'func warm(p *providers.Registry) func(http.Handler) http.Handler {', // 7
      '\treturn func(next http.Handler) http.Handler {', // 8
      '\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {', // 9
      ...middleware.map((l) => `\t\t\t${l}`),
      '\t\t\tnext.ServeHTTP(w, r)',
      '\t\t})',
      '\t}',
      '}',
      '',
      'func (h *Handler) SendBatch(w http.ResponseWriter, r *http.Request) {',
      '\tif h.req.DryRun {',
      '\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")',
      '\t\treturn',
      '\t}',
      '}',
    ].join('\n'),
  );

ruleTester('dry-run-isolation', {
  valid: [
    { name: 'a middleware that only logs', code: routed(['log.Printf("request %s", r.URL.Path)']) },
    {
      name: 'a middleware that skips the provider for a dry run',
      code: routed(['if !isDryRun(r) {', '\t_ = p.Warm(r.Context())', '}']),
    },
  ],
  invalid: [
    {
      name: 'a middleware warms the provider pool before the handler’s DryRun check',
      code: routed(['_ = p.Warm(r.Context(), r.Header.Get("X-Tenant-Id"))']),
      errors: [
        {
          messageId: 'middlewareProvider',
          line: 3,
          column: 8,
          endLine: 3,
          endColumn: 17,
          includes: ['warm()', 'with Warm() (line 10)'],
        },
      ],
      output: null,
    },
  ],
});

import { fence } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const lines = (...parts: string[]): string => parts.join('\n');

/** A step in the shape the runbook's other steps have: the change, then its two parts as subsections. */
const fullStep = (n: number, title: string, command: string): string =>
  lines(
    `## Step ${n}: ${title}`,
    '',
    fence('bash', command),
    '### Verification',
    '',
    fence('bash', 'kubectl get pods -n billing'),
    'Every pod is `Running`.',
    '',
    '### Rollback',
    '',
    fence('bash', 'helm rollback billing -n billing'),
  );

const twoFullSteps =
  fullStep(1, 'Scale down the workers', 'kubectl scale deploy/workers --replicas=0 -n billing') +
  '\n' +
  fullStep(2, 'Upgrade the chart', 'helm upgrade billing ./chart -n billing') +
  '\n';

/** The two full steps, then a third whose command changes state and which has neither part. */
const changeWithoutParts = (name: string, command: string) => ({
  name,
  code: twoFullSteps + lines('## Step 3: Migrate', '', fence('bash', command)),
  errors: [
    { messageId: 'noVerification', line: 41, column: 1, endLine: 41, endColumn: 19 },
    { messageId: 'noRollback', line: 41, column: 1, endLine: 41, endColumn: 19 },
  ],
});

ruleTester('step-structure', {
  valid: [
    { name: 'every step that changes state has both parts', code: twoFullSteps },
    {
      name: 'a step that only reads needs neither part',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Look at the result',
          '',
          fence('bash', 'kubectl get deploy -n billing\npsql "$URL" -c "SELECT count(*) FROM invoices;"'),
          fence('sql', 'SELECT status, count(*) FROM jobs GROUP BY status;'),
        ),
    },
    {
      name: 'a rehearsal (--dry-run), a manifest block, and change words in a comment or an echo are no change',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Prepare the manifest',
          '',
          fence(
            'bash',
            'kubectl apply --dry-run=server -f billing.yaml\n' +
              '# kubectl delete ns old later\n' +
              'echo "helm uninstall" >> notes.txt\n' +
              'gcloud config set project billing-prod',
          ),
          fence('yaml', 'kind: Deployment\nmetadata:\n  name: billing'),
        ),
    },
    {
      name: 'the parts said without their names: a check sentence, a word about undoing',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Restart the gateway',
          '',
          fence('bash', 'sudo systemctl restart gateway'),
          'Confirm that `systemctl is-active gateway` prints `active`. To undo, start the old unit again.',
        ),
    },
    {
      name: 'an expected result in a shell comment, a failure branch in prose',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Promote the replica',
          '',
          fence(
            'bash',
            'pg_ctl promote -D /var/lib/postgresql/16/main\npsql -c "SELECT pg_is_in_recovery();"  # expect: f',
          ),
          'If the promotion fails, keep the old primary and page the database on-call.',
        ),
    },
    {
      name: 'no convention: only one changing step names its parts',
      code:
        fullStep(1, 'Upgrade the chart', 'helm upgrade billing ./chart') +
        '\n' +
        lines('## Step 2: Drain the node', '', fence('bash', 'kubectl drain node-7 --ignore-daemonsets')),
    },
    {
      name: 'a session block: what it printed is not a command',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Read the events',
          '',
          fence('console', '$ kubectl get events -n billing\nkubectl delete pod/x issued by the autoscaler'),
        ),
    },
    {
      name: 'code of the rollback part is not the step’s change',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Check the queue',
          '',
          fence('sql', 'SELECT count(*) FROM jobs;'),
          '',
          '**Rollback:**',
          '',
          fence('sql', 'DELETE FROM jobs WHERE created_at > now();'),
        ),
    },
    {
      name: 'commands that only read or rehearse: status tasks, --pretend, --sql, pg_restore -l, ssh, a download',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Look before the change',
          '',
          fence(
            'bash',
            [
              'bundle exec rails db:migrate:status',
              'php artisan migrate --pretend',
              'npx knex migrate:status',
              'alembic upgrade head --sql > upgrade.sql',
              'pg_restore -l app.dump',
              'mongorestore --dryRun --archive=app.archive',
              'gcloud compute ssh deploy-bastion --zone europe-west1-b',
              'aws s3 cp s3://backups/app.dump /srv/scratch/',
            ].join('\n'),
          ),
          fence('sql', 'BEGIN;\nDELETE FROM carts WHERE id < 10;\nSELECT count(*) FROM carts;\nROLLBACK;'),
          fence(
            'console',
            '$ kubectl apply -f app.yaml \\\n>   --dry-run=server\ndeployment.apps/app configured (server dry run)',
          ),
        ),
    },
    {
      name: 'parts named in headings that open with the part: "Verifying the rollout", "Rolling back"',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Roll out',
          '',
          fence('bash', 'kubectl rollout restart deploy/api'),
          '### Verifying the rollout',
          '',
          '`kubectl rollout status deploy/api` completes.',
          '',
          '### Rolling back the release',
          '',
          '`kubectl rollout undo deploy/api`',
        ),
    },
  ],
  invalid: [
    changeWithoutParts('a change behind bundle exec rails', 'bundle exec rails db:migrate'),
    changeWithoutParts(
      'a change behind docker compose -f … exec',
      'docker compose -f compose.prod.yml exec -T app php artisan migrate --force',
    ),
    changeWithoutParts(
      'a change through a cloud CLI: aws route53 change-resource-record-sets',
      'aws --profile prod route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://ttl.json',
    ),
    changeWithoutParts('a change behind sudo -iu', 'sudo -iu postgres pg_ctl promote -D /var/lib/postgresql/16/main'),
    {
      name: 'a step without the rollback part the other steps have',
      code:
        twoFullSteps +
        lines(
          '## Step 3: Roll out the new image',
          '',
          fence('bash', 'kubectl --context prod -n billing set image deploy/billing app=billing:2.0'),
          '### Verification',
          '',
          fence('bash', 'kubectl rollout status deploy/billing -n billing'),
          'The rollout completes.',
        ),
      errors: [{ messageId: 'noRollback', line: 41, column: 1, endLine: 41, endColumn: 34 }],
    },
    {
      name: 'label lines in numbered steps; SQL through psql; one step lacks both parts',
      code: lines(
        '# Upgrade',
        '',
        '## 1. Add the column',
        '',
        fence('bash', 'psql "$URL" -c "ALTER TABLE users ADD COLUMN plan text;"'),
        '**Verify:** `\\d users` lists `plan`.',
        '',
        '**Back-out:**',
        fence('sql', 'ALTER TABLE users DROP COLUMN plan;'),
        '## 2. Backfill',
        '',
        fence('sql', "UPDATE users SET plan = 'free' WHERE plan IS NULL;"),
        '**Verify:** no row has a null plan.',
        '',
        '**Back-out:** none needed, the column is dropped in 1.',
        '',
        '## 3. Switch the readers',
        '',
        fence('bash', 'kubectl rollout restart deploy/api'),
      ),
      errors: [
        { messageId: 'noVerification', line: 26, column: 1, endLine: 26, endColumn: 25 },
        { messageId: 'noRollback', line: 26, column: 1, endLine: 26, endColumn: 25 },
      ],
    },
    {
      name: 'everyStep: the parts asked of a step with no other step to follow',
      code: lines('## Step 1: Drop the cache', '', fence('bash', 'redis-cli FLUSHALL\nsystemctl restart api')),
      options: { everyStep: true },
      errors: [
        { messageId: 'requiredVerification', line: 1, column: 1, endLine: 1, endColumn: 26 },
        { messageId: 'requiredRollback', line: 1, column: 1, endLine: 1, endColumn: 26 },
      ],
    },
  ],
});

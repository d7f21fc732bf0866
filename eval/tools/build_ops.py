#!/usr/bin/env python3
"""Build the violating copies of the ops runbooks (eval/ops/) and eval/ops/labels.json.

Same mechanism as tools/build_violations.py: each defect is a small text edit of the compliant
runbook. An edit replaces `old` (which must occur exactly `count` times, default 1) by `new`, or
cuts the text between two unique markers. The label line of a defect is found from `anchor`,
which must occur exactly once in the finished copy (or the `nth` occurrence, 1-based). CRLF files
are edited as LF and written back as CRLF.

Label keys are paths relative to eval/ ("ops/<name>.md"). Every label carries "missing": true
when the defect is an absence (the label then sits on the heading of the step, phase or unit that
lacks the part), and "missing": false otherwise.

Run from anywhere:  python3 eval/tools/build_ops.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from violations import CUT, E, L, MOVE, build  # noqa: E402

EVAL = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS = os.path.join(EVAL, 'ops')

F = 'runbook-f-postgres16-upgrade'
G = 'runbook-g-kafka-namespace'
H = 'runbook-h-tasks'
I = 'cutover-i-object-storage'


F_INSERTED_STEP = """## Step 4: Pause partition maintenance on the source

New partitions created on the source while the copy runs would not exist on the target. Suspend
the maintenance CronJob until Step 8 is done.

```bash
kubectl -n "$NS" patch cronjob ledger-partman-maintenance -p '{"spec":{"suspend":true}}'
```

### Verification

```bash
kubectl -n "$NS" get cronjob ledger-partman-maintenance -o jsonpath='{.spec.suspend}'   # true
```

### Rollback

```bash
kubectl -n "$NS" patch cronjob ledger-partman-maintenance -p '{"spec":{"suspend":false}}'
```

## Step 5: Wait for the initial copy"""


# Each copy: list of (edits, labels). Edits are applied in order.
SPEC = {
    F: [
        # ---------------------------------------------------------------- F.violations-1
        [
            ([CUT('### Rollback\n\n```bash\nhelm -n "$NS" history ledger-reports', '## Step 8: Cut over writes\n')],
             [L('step-structure', '## Step 7: Move the read-only reporting jobs to the target',
                'Step 7 runs helm upgrade (state change) but its Rollback subsection (helm rollback) is gone, while every other state-changing step keeps one.',
                missing=True)]),
            ([E('The source stays untouched until Step 10, so going back',
                'The source stays untouched until Step 11, so going back')],
             [L('step-references', 'The source stays untouched until Step 11',
                'The Rollback of Step 8 points at Step 11, which no longer exists (the change log says it was folded away); the decommission is Step 10.')]),
            ([E('ALTER TABLE ledger.audit_events REPLICA IDENTITY FULL;\nCREATE PUBLICATION',
                'ALTER TABLE ledger.audit_events REPLICA IDENTITY FULL;\n'
                'ALTER TABLE ledger.audit_events DROP COLUMN raw_payload_v1;   -- unused since v4, 40 % of the copy volume\n'
                'CREATE PUBLICATION')],
             [L('destructive-sql', 'ALTER TABLE ledger.audit_events DROP COLUMN raw_payload_v1;',
                'Step 3 drops a column of a production table on the source with no backup and no check of what is lost before it.')]),
            ([E("-var 'instance_type=r6i.2xlarge'", "-var 'instance_type=TBD'")],
             [L('no-placeholders', "-var 'instance_type=TBD'",
                'The terraform plan command of Step 2 passes TBD as the instance type.')]),
            ([E('## Step 6: Add the lag heartbeat', '## Step 5: Add the lag heartbeat')],
             [L('step-numbering', '## Step 5: Add the lag heartbeat',
                'Two headings are numbered Step 5 (the row-count comparison and the heartbeat); the heartbeat step should be Step 6.')]),
        ],
        # ---------------------------------------------------------------- F.violations-2
        [
            ([CUT('### Verification\n\n```sql\n-- on the source\nSHOW wal_level;',
                  '### Rollback\n\n```sql\n-- on the source\nDROP PUBLICATION')],
             [L('step-structure', '## Step 3: Enable logical decoding on the source and publish',
                'Step 3 changes server settings, restarts the source and creates a publication, but its Verification subsection was removed; the other state-changing steps keep theirs.',
                missing=True)]),
            ([E('4. Rebuild planner statistics, then freeze the closed partitions (this used to be a separate step):\n\n'
                '   ```bash\n'
                '   vacuumdb -h "$DST" -d ledger --analyze-in-stages -j 4\n'
                '   vacuumdb -h "$DST" -d ledger --freeze -j 4 --schema=ledger\n',
                '4. Rebuild planner statistics now; the freeze of the closed partitions follows in Step 11:\n\n'
                '   ```bash\n'
                '   vacuumdb -h "$DST" -d ledger --analyze-in-stages -j 4\n')],
             [L('step-references', 'the freeze of the closed partitions follows in Step 11',
                'Step 9 sends the reader to Step 11 for the freeze; the runbook ends at Step 10 and the change log says the old Step 11 is gone.')]),
            ([E('the revert to 300 s is done in Step 10.', 'the revert to 300 s is done in Step 12.')],
             [L('step-references', 'the revert to 300 s is done in Step 12',
                'Step 8 says the TTL revert is done in Step 12; there is no Step 12 heading (the revert was folded into Step 10).')]),
            ([E('   stays and only its rows go. Note the row count in the ticket, then empty it:\n\n'
                '   ```sql\n'
                '   -- on the target\n'
                '   SELECT count(*) FROM ledger.upgrade_heartbeat;\n'
                '   TRUNCATE ledger.upgrade_heartbeat;',
                '   stays and only its rows go:\n\n'
                '   ```sql\n'
                '   -- on the target\n'
                '   TRUNCATE ledger.upgrade_heartbeat;')],
             [L('destructive-sql', 'TRUNCATE ledger.upgrade_heartbeat;',
                'Step 9 truncates the heartbeat table with no count of the rows and no backup before it (the SELECT count(*) was dropped).')]),
            ([E('## Step 5: Wait for the initial copy', F_INSERTED_STEP)],
             [L('step-numbering', '## Step 4: Pause partition maintenance on the source',
                'A step was inserted as a second Step 4 without renumbering the following steps.')]),
        ],
    ],
    G: [
        # ---------------------------------------------------------------- G.violations-1
        [
            ([E('**Verify:** the mirror is ready and the offset audit shows target lag close to source lag:\n\n', '')],
             [L('step-structure', '## 5. Start MirrorMaker 2',
                'Section 5 creates a table and starts MirrorMaker 2, but its **Verify:** label line is gone; the checks are no longer marked as the section\'s verification while every other changing section has one.',
                missing=True)]),
            ([E('$ sleep 60\n$ kubectl apply -f kafka/streaming/cdc-connect.yaml',
                '$ # the v2 connector creates its own signal table on first start\n'
                '$ psql "$ORDERS_DSN" -c "DROP TABLE public.debezium_signal"\n'
                'DROP TABLE\n'
                '$ sleep 60\n$ kubectl apply -f kafka/streaming/cdc-connect.yaml')],
             [L('destructive-sql', '$ psql "$ORDERS_DSN" -c "DROP TABLE public.debezium_signal"',
                'Section 8 drops the Debezium signal table through psql -c with no backup and no check before it.')]),
            ([E("DELETE FROM topic_endpoints WHERE cluster = 'events-v2';\nINSERT INTO topic_endpoints",
                'DELETE FROM topic_endpoints;\nINSERT INTO topic_endpoints')],
             [L('destructive-sql', 'DELETE FROM topic_endpoints;',
                'The mysql here-document of section 6 deletes every row of topic_endpoints (no WHERE), with no backup or count before it.')]),
            ([E("--version 0.40.0 --reuse-values --set 'watchNamespaces={kafka-legacy,streaming}' --wait\nRelease",
                "--version <fill me> --reuse-values --set 'watchNamespaces={kafka-legacy,streaming}' --wait\nRelease")],
             [L('no-placeholders', '--version <fill me>',
                'The helm upgrade of the operator in section 2 has an unfilled <fill me> chart version.')]),
        ],
        # ---------------------------------------------------------------- G.violations-2
        [
            ([CUT('**Verify:** eight pods are ready', '**Back-out:** delete the cluster, its node pools')],
             [L('step-structure', '## 3. Create `events-v2`',
                'Section 3 applies the new Kafka cluster but its **Verify:** part (pod and broker checks) was removed; the other changing sections keep theirs.',
                missing=True)]),
            ([CUT('**Back-out:** per release, stop it on the new cluster', '## 8. Move Kafka Connect and the CDC connector\n')],
             [L('step-structure', '## 7. Move the consumers',
                'Section 7 moves consumers with helm upgrade but has no **Back-out:** part any more.',
                missing=True)]),
            ([E('$ echo "UPDATE topic_endpoints SET role = \'primary\' WHERE cluster = \'events-v2\';" | $CAT',
                '$ echo "UPDATE topic_endpoints SET role = \'primary\';" | $CAT')],
             [L('destructive-sql', 'echo "UPDATE topic_endpoints SET role = \'primary\';" | $CAT',
                'Section 9 pipes an UPDATE without WHERE into mysql (echo ... | mysql), marking every endpoint, old cluster included, as primary; no backup or check before it.')]),
            ([E('Repeat with `REL=notifications` and `REL=billing-consumer`.',
                'TODO: confirm with messaging that `notifications` may pause for a minute during business hours.\n\n'
                'Repeat with `REL=notifications` and `REL=billing-consumer`.')],
             [L('no-placeholders', 'TODO: confirm with messaging',
                'A TODO left in the procedure text of section 7.')]),
        ],
    ],
    H: [
        # ---------------------------------------------------------------- H.violations-1
        [
            ([E('throttle `touch()` in `services/gateway/src/auth/legacySessionStore.ts` when the request already carries a token.',
                'skip the `touch()` call in `services/gateway/src/auth/cookieRewriter.ts` when the request already carries a token.')],
             [L('parallel-tasks', '- [ ] T019 [P] [US1]',
                'T019 [P] now edits services/gateway/src/auth/cookieRewriter.ts, the file T018 [P] implements in the same phase.')]),
            ([E('- [ ] T027 [US2] After T024 has landed, set the options', '- [ ] T027 [P] [US2] Set the options')],
             [L('parallel-tasks', '- [ ] T027 [P] [US2]',
                'T027 was marked [P] but edits services/gateway/src/routes/oidcCallback.ts, which T024 [P] implements in the same phase.')]),
            ([E('**Checkpoint**: T030 and T031 pass, and the Independent Test of US3 passes for sign-out, password change and admin revoke.\n\n', '')],
             [L('phase-checkpoints', '## Phase 5: User Story 3',
                'Phase 5 has no Checkpoint line, while every other phase ends with one.',
                missing=True)]),
            ([E('Lower the legacy session TTL to 24 hours', 'Lower the legacy session TTL to TBD hours')],
             [L('no-placeholders', 'TTL to TBD hours',
                'Task T040 leaves the new legacy TTL as TBD.')]),
        ],
        # ---------------------------------------------------------------- H.violations-2
        [
            ([E('the JWKS URL and `AUTH_BRIDGE_MODE: off` to `deploy/helm/gateway/values-production.yaml`.',
                'the JWKS URL and `AUTH_BRIDGE_MODE: off` to `deploy/helm/gateway/values-staging.yaml`.')],
             [L('parallel-tasks', '- [ ] T009 [P]',
                'T009 [P] now edits deploy/helm/gateway/values-staging.yaml, the same file as T008 [P] in Phase 2.')]),
            ([E('**Checkpoint**: T006 and T007 pass, both values files carry the issuer with the mode still `off`, and the migration applies and reverts cleanly on the compose stack.\n\n', '')],
             [L('phase-checkpoints', '## Phase 2: Foundational',
                'Phase 2 lost its Checkpoint line.',
                missing=True)]),
            ([E('**Checkpoint**: production runs in `idp` mode, the legacy key count on the dashboard is falling to zero, and the gateway no longer loads the Redis session code.\n\n', '')],
             [L('phase-checkpoints', '## Phase 6: Cutover and legacy retirement',
                'Phase 6 lost its Checkpoint line.',
                missing=True)]),
            ([E('- [ ] T029 [P] [US2]',
                '- [ ] T028 [US2] Add `prompt=login` to the `identity` redirect in `services/gateway/src/routes/login.ts` for users who chose "Switch account".\n'
                '- [ ] T029 [P] [US2]')],
             [L('step-numbering', '- [ ] T028 [US2] Add `prompt=login`',
                'A second task with id T028 was inserted after the first T028.')]),
        ],
    ],
    I: [
        # ---------------------------------------------------------------- I.violations-1
        [
            ([CUT('Exit criteria:\n- 24 hours in `dual`', '## Unit 4 — Backfill')],
             [L('exit-criteria', '## Unit 3 — Dual-write',
                'Unit 3 has no Exit criteria list any more; every other unit has one.',
                missing=True)]),
            ([CUT('Exit criteria:\n- 72 hours at 100 %', '## Unit 7 — Stop writing to MinIO')],
             [L('exit-criteria', '## Unit 6 — Reads from S3',
                'Unit 6 has no Exit criteria list any more.',
                missing=True)]),
            ([E('- Keep MinIO read-only for 30 days; the fallback reader still uses it.',
                '- Keep MinIO read-only for 30 days; the fallback reader still uses it. FIXME: legal has not\n'
                '  confirmed the retention period yet.')],
             [L('no-placeholders', 'FIXME: legal has not',
                'A FIXME marker left in the work units of Unit 7.')]),
            ([E('- Drop `minio_etag`, which nothing reads since release 2024.06.2. Keep a copy of its values\n'
                '  first, and note how many rows carry one:\n\n'
                '  ```bash\n'
                '  psql "$ATTACHMENTS_DSN" -c "\\copy (SELECT id, minio_etag FROM attachments WHERE minio_etag IS NOT NULL) TO \'minio_etag-2024-07-15.csv\' CSV HEADER"\n'
                '  aws s3 cp minio_etag-2024-07-15.csv s3://acme-db-archive/attachments/ --sse aws:kms\n'
                '  psql "$ATTACHMENTS_DSN" -Atc "SELECT count(*) FROM attachments WHERE minio_etag IS NOT NULL"\n'
                '  ```\n\n',
                '- Drop `minio_etag`, which nothing reads since release 2024.06.2:\n\n')],
             [L('destructive-sql', 'ALTER TABLE attachments DROP COLUMN minio_etag;',
                'Unit 8 drops the minio_etag column with no copy of its values and no count before it (the \\copy backup and the count were removed).')]),
        ],
        # ---------------------------------------------------------------- I.violations-2
        [
            ([CUT('Exit criteria:\n- `aws s3api get-bucket-encryption --bucket', '## Unit 3 — Dual-write')],
             [L('exit-criteria', '## Unit 2 — Provision the bucket, the key and the access',
                'Unit 2 has no Exit criteria list any more.',
                missing=True)]),
            ([CUT('Exit criteria:\n- The only unverified manifest rows', '## Unit 10 — Final gate')],
             [L('exit-criteria', '## Unit 9 — Decommission MinIO',
                'Unit 9 has no Exit criteria list any more.',
                missing=True)]),
            ([E('--tpslimit 400', '--tpslimit XXX')],
             [L('no-placeholders', '--tpslimit XXX',
                'The rclone command of Unit 4 has XXX as its --tpslimit value.')]),
        ],
    ],
}


if __name__ == '__main__':
    build(SPEC, OPS, 'ops/', missing_always=True)

#!/usr/bin/env python3
"""Build the violating copies of the ops2 runbooks (eval/ops2/) and eval/ops2/labels.json.

Same mechanism as tools/build_ops.py: each defect is a small text edit of the compliant runbook.
An edit replaces `old` (which must occur exactly `count` times, default 1) by `new`, or cuts the
text between two unique markers. The label line of a defect is found from `anchor`, which must
occur exactly once in the finished copy (or the `nth` occurrence, 1-based). CRLF files are edited
as LF and written back as CRLF (none of the ops2 runbooks is CRLF).

Label keys are paths relative to eval/ ("ops2/<name>.md"). Every label carries "missing": true
when the defect is an absence (the label then sits on the heading of the step, task or phase that
lacks the part), and "missing": false otherwise.

Run from anywhere:  python3 eval/tools/build_ops2.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from violations import CUT, E, L, MOVE, build  # noqa: E402

EVAL = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS = os.path.join(EVAL, 'ops2')
PREFIX = 'ops2'

J = 'runbook-j-mysql80-upgrade'
K = 'runbook-k-dns-tls-route53'
T = 'runbook-l-tasks'


J_INSERTED_STEP = """### Step 8 — Carry the buffer pool dump over to 8.0

8.0 can load the buffer pool dump that 5.7 wrote at its slow shutdown, so the replica comes back
warm. The tuning role turns the load on and leaves every other setting alone.

```sh
# on the bastion
ansible-playbook -i inventories/prod mysql-tuning.yml --limit db-shop-2 -e innodb_buffer_pool_load_at_startup=ON
```

Check: `grep innodb_buffer_pool_load_at_startup /etc/my.cnf` on `db-shop-2` prints `= ON`.

Undo: run the same playbook with `-e innodb_buffer_pool_load_at_startup=OFF`.

### Step 9 — Start 8.0 on `db-shop-2` and resume replication"""


# Each copy: list of (edits, labels). Edits are applied in order.
SPEC = {
    J: [
        # ---------------------------------------------------------------- J.violations-1
        [
            ([CUT('Undo: there is no in-place downgrade from 8.0.', '### Step 10 — Prove 5.7 → 8.0 replication')],
             [L('step-structure', '### Step 9 — Start 8.0 on `db-shop-2` and resume replication',
                'Step 9 starts the server on 8.0 (systemctl start, START REPLICA) but its Undo: part (the rebuild from the Step 6 backup) was removed; every other changing step keeps its Undo: line.',
                missing=True)]),
            ([CUT('Check: ProxySQL routes writes to `db-shop-2` only', 'Undo: only before the first order lands')],
             [L('step-structure', '### Step 13 — Move the writer hostgroup to `db-shop-2` and reopen the shop',
                'Step 13 rewrites the ProxySQL server list (INSERT/DELETE/UPDATE) and reopens the shop, but its Check: part was removed; it keeps only Undo:.',
                missing=True)]),
            ([E('Dump the schema and copy the dump off the host first:\n\n'
                '```sh\n'
                '# on db-shop-1\n'
                'mysqldump --databases stats_2016 --routines --events --set-gtid-purged=OFF \\\n'
                '  | gzip > /srv/dumps/stats_2016-final.sql.gz\n'
                'gunzip -t /srv/dumps/stats_2016-final.sql.gz && ls -lh /srv/dumps/stats_2016-final.sql.gz\n'
                'aws s3 cp /srv/dumps/stats_2016-final.sql.gz s3://shop-db-archive/chg-4471/ --sse aws:kms\n'
                '```\n\n'
                'Then drop it on the primary; the statement replicates to `db-shop-2`:',
                'Drop it on the primary; the statement replicates to `db-shop-2`:')],
             [L('destructive-sql', 'mysql -e "DROP DATABASE stats_2016"',
                'Step 3 drops the stats_2016 database through mysql -e with no dump and no check before it (the mysqldump block was removed; only the Undo still names the dump file).')]),
            ([E('On the new primary; the statements replicate to `db-shop-1`:',
                'On the new primary (the binary logs are purged afterwards, in Step 16); the statements\nreplicate to `db-shop-1`:')],
             [L('step-references', 'in Step 16); the statements',
                'Step 15 points at Step 16, which does not exist: the checklist ends at Step 15 and the change log says the old Step 16 was removed.')]),
            ([E('--max-load Threads_running=40', '--max-load Threads_running=TBD')],
             [L('no-placeholders', '--max-load Threads_running=TBD',
                'The pt-online-schema-change --execute command of Step 4 has TBD as its --max-load threshold.')]),
        ],
        # ---------------------------------------------------------------- J.violations-2
        [
            ([E('### Step 9 — Start 8.0 on `db-shop-2` and resume replication', J_INSERTED_STEP)],
             [L('step-numbering', '### Step 8 — Carry the buffer pool dump over to 8.0',
                'A step was inserted after Step 8 under the number 8 again, without renumbering; two headings are Step 8.')]),
            ([E('back on. Note the row count\nin the ticket, then empty the table:\n\n'
                '```sql\n'
                '-- on db-shop-1\n'
                'SELECT count(*), MIN(created_at), MAX(created_at) FROM shop.api_request_log;\n',
                'back on:\n\n'
                '```sql\n'
                '-- on db-shop-1\n')],
             [L('destructive-sql', 'TRUNCATE TABLE shop.api_request_log;',
                'Step 5 truncates shop.api_request_log with no count of the rows and no backup before it (the SELECT count(*) and the sentence asking for it were removed).')]),
            ([E("mysql <<'SQL'\nDELETE FROM shop.feature_flags",
                "mysql <<'SQL'\nALTER TABLE shop.orders DROP COLUMN legacy_notes_utf8;\nDELETE FROM shop.feature_flags")],
             [L('destructive-sql', 'ALTER TABLE shop.orders DROP COLUMN legacy_notes_utf8;',
                'Step 15 now drops a column of shop.orders in the mysql here-document, with no backup of its values and no check before it.')]),
            ([E('  -e mysql_target_version=8.0.36\n```\n\nCheck: on `db-shop-2`, `rpm -q',
                '  -e mysql_target_version=<fill me>\n```\n\nCheck: on `db-shop-2`, `rpm -q')],
             [L('no-placeholders', 'mysql_target_version=<fill me>',
                'The real ansible-playbook run of Step 8 passes an unfilled <fill me> as the target version.')]),
        ],
    ],
    K: [
        # ---------------------------------------------------------------- K.violations-1
        [
            ([CUT('#### Validation\n\n```bash\nfor z in $ZONES; do aws route53 list-hosted-zones-by-name',
                  '#### Backout\n\nThe zones are not yet delegated')],
             [L('step-structure', '## Task 3: Create the Route 53 hosted zones with Terraform',
                'Task 3 runs terraform apply but its #### Validation subsection was removed; every other task keeps Validation and Backout.',
                missing=True)]),
            ([E('call Gandi support (see [Contacts](#contacts))', 'call Gandi support (see [Contacts](#escalation-contacts))')],
             [L('step-references', '(#escalation-contacts)',
                'The Backout of Task 6 links to #escalation-contacts; the document has no such heading (the table is under "## Contacts").')]),
            ([E('| Second engineer | Lukas Brandt | Slack `@lukas.brandt`, +49 30 901820 44 | 07:00–17:00 |',
                '| Second engineer | TBD | TBD | 07:00–17:00 |')],
             [L('no-placeholders', '| Second engineer | TBD | TBD |',
                'The contacts table leaves the second engineer and how to reach them as TBD.')]),
            ([E("superseded_at = now() WHERE issuer = 'sectigo' AND status = 'active'\"",
                "superseded_at = now()\"")],
             [L('destructive-sql', "UPDATE certificates SET status = 'superseded', superseded_at = now()\"",
                'Task 9 runs an UPDATE of the certificates inventory through psql -c without WHERE (every row becomes superseded), with no backup or check before it.')]),
        ],
        # ---------------------------------------------------------------- K.violations-2
        [
            ([CUT('#### Backout\n\nUpsert the 300-second records again:', '## Task 11: Retire the Gandi zones')],
             [L('step-structure', '## Task 10: Raise the TTLs in Route 53',
                'Task 10 runs aws route53 change-resource-record-sets but its #### Backout subsection was removed.',
                missing=True)]),
            ([CUT('#### Validation\n\n```bash\nkubectl get clusterissuer letsencrypt-route53',
                  '#### Backout\n\n```bash\nkubectl delete clusterissuer')],
             [L('step-structure', '## Task 8: Install the Route 53 DNS-01 issuer',
                'Task 8 runs helm upgrade and kubectl apply but its #### Validation subsection (issuer Ready, smoke-test certificate) was removed.',
                missing=True)]),
            ([E('guide, which removes the DS records at the registry first, does not apply here.\n\n',
                'guide, which removes the DS records at the registry first, does not apply here.\n\n'
                'TODO: confirm with legal that platform networking may change the name servers of account\n'
                '`EXMPL-4410`.\n\n')],
             [L('no-placeholders', 'TODO: confirm with legal',
                'A TODO left in the procedure text of Task 6.')]),
            ([E('Wait seven days after Task 9.',
                'Wait seven days after Task 9. Revoking the Gandi API token follows in\n'
                '[Task 12](#task-12-revoke-the-gandi-api-token).')],
             [L('step-references', '(#task-12-revoke-the-gandi-api-token)',
                'Task 11 links to a Task 12 heading; the runbook ends at Task 11 and no heading has that anchor.')]),
        ],
    ],
    T: [
        # ---------------------------------------------------------------- L.violations-1
        [
            ([E('- [ ] T016 [P] [US1] Implement the `credit_note_email` handler in `atlas/jobs/handlers/credit_note_email.py`, '
                'following the pattern of `atlas/jobs/handlers/invoice_email.py` (T016 only reads that file; T015 writes it)',
                '- [ ] T016 [P] [US1] Add the `credit_note_email` variant (credit-note template, negative totals) to the handler in '
                '`atlas/jobs/handlers/invoice_email.py`')],
             [L('parallel-tasks', '- [ ] T016 [P] [US1]',
                'T016 [P] now changes atlas/jobs/handlers/invoice_email.py, the file T015 [P] implements in the same phase (Phase 3).')]),
            ([E('**Checkpoint**: the Independent Test of US2 passes; `stale_cart_cleanup` removed only open carts\n'
                'older than 30 days (compare `SELECT count(*) FROM carts_cart WHERE status = \'open\'` before and\n'
                'after the first night).\n\n', '')],
             [L('phase-checkpoints', '## Phase 4: User Story 2',
                'Phase 4 has no **Checkpoint** line any more, while every other phase ends with one.',
                missing=True)]),
            ([E('in `atlas/reports/ledger_export.py`\n',
                'in `atlas/reports/ledger_export.py`\n'
                '- [ ] T025 [US2] Add the `report:sales:DATE` key format to the envelope notes in `contracts/README.md`\n')],
             [L('step-numbering', '- [ ] T025 [US2] Add the',
                'A second task with id T025 was inserted right after the first T025.')]),
            ([E(' Before the migration is merged, keep a copy of the table and make sure no lock is still held:\n\n'
                '  ```sh\n'
                '  pg_dump "$ATLAS_DSN" -t jobs_cronlock -Fc -f jobs_cronlock-final.dump\n'
                '  psql "$ATLAS_DSN" -Atc "SELECT count(*) FROM jobs_cronlock WHERE released_at IS NULL"   # 0 expected\n'
                '  ```\n\n'
                '  The migration then runs:',
                ' The migration runs:')],
             [L('destructive-sql', 'DROP TABLE jobs_cronlock;',
                'T039 drops jobs_cronlock with no pg_dump and no count of held locks before it (both commands and the sentence asking for them were removed).')]),
        ],
        # ---------------------------------------------------------------- L.violations-2
        [
            ([E('- [ ] T020 [US1] Once T017 has merged, map', '- [ ] T020 [P] [US1] Map')],
             [L('parallel-tasks', '- [ ] T020 [P] [US1]',
                'T020 was marked [P] but changes atlas/jobs/registry.py, which T017 [P] changes in the same phase.')]),
            ([E('**Checkpoint**: production runs every job through SQS, the crontab of `atlas-cron-1` is empty,\n'
                'the DLQ alarms are quiet for 48 hours, and `jobs_cronlock-final.dump` is in the change archive.\n\n', '')],
             [L('phase-checkpoints', '## Phase 6: Cutover and cron retirement',
                'Phase 6 lost its **Checkpoint** line.',
                missing=True)]),
            ([E('(#phase-7-polish--cross-cutting-concerns)', '(#phase-7-polish-cross-cutting-concerns)')],
             [L('step-references', '(#phase-7-polish-cross-cutting-concerns)',
                'The link to Phase 7 uses #phase-7-polish-cross-cutting-concerns; the GitHub slug of "Phase 7: Polish & Cross-Cutting Concerns" is phase-7-polish--cross-cutting-concerns (the & leaves two hyphens), so no heading has this anchor.')]),
            ([E('the billing on-call engineer (Marta Kowalski) watches', '[Insert owner] watches')],
             [L('no-placeholders', '[Insert owner] watches',
                'T036 leaves the template field [Insert owner] for who watches the invoice mail dashboard.')]),
            ([E('- [ ] T041 [P] Document how', '- [ ] T013 [P] Document how')],
             [L('step-numbering', '- [ ] T013 [P] Document how',
                'The documentation task of Phase 7 was renumbered T013, an id already used in Phase 2.')]),
        ],
    ],
}


if __name__ == '__main__':
    build(SPEC, OPS, 'ops2/', missing_always=True)

import type { ShellCommand, ShellWord } from '../code/shell.js';

/**
 * What a shell command does to the systems a runbook migrates: the words that name the change
 * (`kubectl apply`, `terraform destroy`, `systemctl restart`) when it changes state, or null
 * when it only reads, or when this table cannot tell — an unknown program says nothing, so a
 * rule built on it stays silent rather than guess.
 */
export function stateChange(command: ShellCommand): string | null {
  const program = command.program;
  if (!program) return null;
  const args = command.args;
  if (args.some((w) => isDryRun(w.value))) return null;
  const sub = subcommands(args, program);
  const rule = PROGRAMS[program];
  if (!rule) return null;
  const hit = rule(sub, args);
  return hit === null ? null : hit === '' ? program : `${program} ${hit}`;
}

/** `--dry-run`, `--dry-run=client`, `--check`, `--noop`, `--plan`: a rehearsal that changes nothing. */
function isDryRun(value: string | null): boolean {
  if (!value) return false;
  if (value === '--dry-run=none') return false;
  return /^--(?:dry-run|dryrun|check|noop|plan|what-if|whatif)(?:=|$)/.test(value);
}

/**
 * Options a program takes before its subcommand whose value is the next word (`kubectl -n
 * prod apply`, `helm --kube-context eu upgrade`, `aws --region eu-west-1 rds …`); `--opt=value`
 * is one word anyway.
 */
const GLOBAL_WITH_VALUE: Record<string, readonly string[]> = {
  kubectl: ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token'],
  oc: ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token'],
  helm: ['-n', '--namespace', '--kube-context', '--kubeconfig'],
  docker: ['-H', '--host', '-c', '--context', '--config', '-f', '--file', '-p', '--project-name'],
  'docker-compose': ['-f', '--file', '-p', '--project-name'],
  aws: ['--region', '--profile', '--output', '--endpoint-url', '--query'],
  gcloud: ['--project', '--region', '--zone', '--format', '--account', '--configuration'],
  az: ['--subscription', '-o', '--output', '--query'],
  systemctl: ['-H', '--host', '-M', '--machine'],
  terraform: [],
  etcdctl: ['--endpoints', '--cacert', '--cert', '--key', '--user', '-w', '--write-out'],
};

/**
 * The bare words after the program, options and their values skipped: `kubectl -n prod rollout
 * restart deploy/api` → [rollout, restart, deploy/api]. A word no subcommand looks like (a
 * path, a URL, an expansion) ends the list.
 */
function subcommands(args: readonly ShellWord[], program: string | null): string[] {
  const withValue = (program && GLOBAL_WITH_VALUE[program]) || [];
  const out: string[] = [];
  for (let i = 0; i < args.length && out.length < 4; i++) {
    const v = args[i]?.value ?? null;
    if (v?.startsWith('-')) {
      if (withValue.includes(v)) i++;
      continue;
    }
    if (v === null || !/^[a-z][\w:.-]*$/.test(v)) break;
    out.push(v);
  }
  return out;
}

type Judge = (sub: readonly string[], args: readonly ShellWord[]) => string | null;

/** the first word when it is one of `verbs` */
const firstOf =
  (verbs: readonly string[]): Judge =>
  (sub) =>
    sub[0] !== undefined && verbs.includes(sub[0]) ? sub[0] : null;

/** `group verb` pairs: `rollout restart`, `state rm` */
const pairOf =
  (verbs: readonly string[], pairs: Record<string, readonly string[]>): Judge =>
  (sub) => {
    const [a, b] = sub;
    if (a === undefined) return null;
    if (verbs.includes(a)) return a;
    if (b !== undefined && pairs[a]?.includes(b)) return `${a} ${b}`;
    return null;
  };

/** cloud CLIs: `aws rds delete-db-instance`, `gcloud sql instances patch`, `az vm restart` */
const CLOUD_VERBS = [
  'create',
  'delete',
  'modify',
  'put',
  'update',
  'restore',
  'start',
  'stop',
  'reboot',
  'restart',
  'promote',
  'failover',
  'attach',
  'detach',
  'associate',
  'disassociate',
  'register',
  'deregister',
  'import',
  'enable',
  'disable',
  'reset',
  'rotate',
  'run',
  'terminate',
  'remove',
  'add',
  'set',
  'patch',
  'deploy',
  'resize',
  'switchover',
  'apply',
  'upgrade',
  'cancel',
  'purge',
  'revoke',
  'grant',
  'replace',
  'move',
  'migrate',
];
const CLOUD_VERB = new RegExp(`^(?:${CLOUD_VERBS.join('|')})(?:-|$)`);

const LOCAL_GROUPS = new Set([
  'config',
  'configure',
  'auth',
  'account',
  'login',
  'logout',
  'components',
  'init',
  'help',
]);

const cloud =
  (depth: number): Judge =>
  (sub) => {
    // the CLI's own settings and login (`gcloud config set project`, `az account set`) change no system
    if (sub[0] !== undefined && LOCAL_GROUPS.has(sub[0])) return null;
    for (let i = 1; i <= depth && i < sub.length; i++) {
      const verb = sub[i] as string;
      if (CLOUD_VERB.test(verb)) return sub.slice(0, i + 1).join(' ');
    }
    return null;
  };

const MIGRATE_TASKS = /^(?:db:)?(?:migrate|rollback|seed|schema:load|setup|reset|drop)(?::|$)/;

const PROGRAMS: Record<string, Judge> = {
  kubectl: pairOf(
    [
      'apply',
      'create',
      'delete',
      'patch',
      'replace',
      'scale',
      'label',
      'annotate',
      'drain',
      'cordon',
      'uncordon',
      'taint',
      'edit',
      'expose',
      'autoscale',
    ],
    { rollout: ['restart', 'undo', 'pause', 'resume'], set: ['image', 'env', 'resources'] },
  ),
  oc: pairOf(['apply', 'create', 'delete', 'patch', 'replace', 'scale', 'label', 'annotate', 'adm'], {
    rollout: ['restart', 'undo', 'latest'],
  }),
  helm: firstOf(['install', 'upgrade', 'uninstall', 'delete', 'rollback']),
  terraform: pairOf(['apply', 'destroy', 'import', 'taint', 'untaint'], {
    state: ['mv', 'rm', 'push', 'replace-provider'],
  }),
  tofu: pairOf(['apply', 'destroy', 'import', 'taint', 'untaint'], { state: ['mv', 'rm', 'push', 'replace-provider'] }),
  terragrunt: firstOf(['apply', 'destroy', 'run-all']),
  systemctl: firstOf(['start', 'stop', 'restart', 'reload', 'enable', 'disable', 'mask', 'unmask', 'kill']),
  service: (sub) => (sub[1] !== undefined && ['start', 'stop', 'restart', 'reload'].includes(sub[1]) ? sub[1] : null),
  docker: pairOf(['run', 'rm', 'rmi', 'stop', 'kill', 'restart', 'start', 'push'], {
    compose: ['up', 'down', 'restart', 'rm', 'stop', 'start'],
    volume: ['rm', 'prune'],
    system: ['prune'],
    service: ['update', 'rm', 'scale', 'create'],
    stack: ['deploy', 'rm'],
  }),
  'docker-compose': firstOf(['up', 'down', 'restart', 'rm', 'stop', 'start']),
  podman: firstOf(['run', 'rm', 'rmi', 'stop', 'kill', 'restart', 'start', 'push']),
  aws: (sub) => {
    if (sub[0] === 's3')
      return sub[1] !== undefined && ['cp', 'mv', 'rm', 'sync', 'rb'].includes(sub[1]) ? `s3 ${sub[1]}` : null;
    return cloud(1)(sub, []);
  },
  gcloud: cloud(4),
  az: cloud(3),
  psql: () => null,
  pg_restore: () => '',
  pg_upgrade: () => '',
  pg_ctl: firstOf(['start', 'stop', 'restart', 'promote']),
  pg_ctlcluster: (sub) =>
    sub[2] !== undefined && ['start', 'stop', 'restart', 'promote'].includes(sub[2]) ? sub[2] : null,
  mongorestore: () => '',
  etcdctl: pairOf(['put', 'del', 'defrag', 'compact', 'move-leader'], {
    member: ['add', 'remove', 'update', 'promote'],
    snapshot: ['restore'],
    auth: ['enable', 'disable'],
  }),
  etcdutl: pairOf([], { snapshot: ['restore'] }),
  rm: () => '',
  git: pairOf(['push'], {}),
  rails: (sub) => (sub[0] && MIGRATE_TASKS.test(sub[0]) ? sub[0] : null),
  rake: (sub) => (sub[0] && MIGRATE_TASKS.test(sub[0]) ? sub[0] : null),
  php: (sub) =>
    sub[0] === 'artisan' && sub[1] && /^migrate(?::|$)|^db:(?:seed|wipe)$/.test(sub[1]) ? `artisan ${sub[1]}` : null,
  python: (sub) => (sub[0] === 'manage.py' && sub[1] === 'migrate' ? 'manage.py migrate' : null),
  python3: (sub) => (sub[0] === 'manage.py' && sub[1] === 'migrate' ? 'manage.py migrate' : null),
  alembic: firstOf(['upgrade', 'downgrade', 'stamp']),
  flask: (sub) => (sub[0] === 'db' && sub[1] && ['upgrade', 'downgrade'].includes(sub[1]) ? `db ${sub[1]}` : null),
  flyway: firstOf(['migrate', 'clean', 'undo', 'repair', 'baseline']),
  liquibase: firstOf(['update', 'rollback', 'drop-all', 'dropAll']),
  goose: (sub) => sub.find((w) => ['up', 'down', 'reset', 'redo'].includes(w)) ?? null,
  migrate: (_sub, args) => {
    const verb = args.find((w) => w.value !== null && ['up', 'down', 'drop', 'force', 'goto'].includes(w.value));
    return verb?.value ?? null;
  },
  npx: (sub) => {
    if (
      sub[0] === 'prisma' &&
      ((sub[1] === 'migrate' && sub[2] && sub[2] !== 'status' && sub[2] !== 'diff') ||
        (sub[1] === 'db' && sub[2] === 'push'))
    )
      return `${sub.slice(0, 3).join(' ')}`;
    if (
      (sub[0] === 'knex' || sub[0] === 'sequelize' || sub[0] === 'sequelize-cli') &&
      sub[1] &&
      /^(?:db:)?migrat/.test(sub[1])
    )
      return `${sub[0]} ${sub[1]}`;
    return null;
  },
};

/** Options that make a dump hold no rows: the schema, the roles, the globals. */
const PG_NO_DATA = new Set(['-s', '--schema-only', '-r', '--roles-only', '-g', '--globals-only', '--tablespaces-only']);
const MYSQL_NO_DATA = new Set(['-d', '--no-data']);

/** Programs whose run is a copy of the data: dumps, base backups, the backup tools of each database. */
const DUMPERS = new Set([
  'pg_dump',
  'pg_dumpall',
  'pg_basebackup',
  'mysqldump',
  'mariadb-dump',
  'mydumper',
  'mongodump',
  'xtrabackup',
  'mariabackup',
]);

/**
 * Whether the command copies the data before it is changed — a dump, a snapshot, a backup job
 * (`pg_dump -Fc billing`, `aws rds create-db-snapshot`, `velero backup create`) — of `table`
 * among others: a dump limited to other tables (`pg_dump -t users`), or to the schema or the
 * roles (`pg_dumpall --roles-only`), keeps nothing of it.
 */
export function backsUp(command: ShellCommand, table: string): boolean {
  const program = command.program;
  if (!program) return false;
  const args = command.args;
  if (DUMPERS.has(program)) {
    const noData = program.startsWith('pg_') ? PG_NO_DATA : program === 'mongodump' ? new Set<string>() : MYSQL_NO_DATA;
    if (args.some((w) => w.value !== null && noData.has(w.value.split('=')[0] as string))) return false;
    const only = tableFilter(args);
    return only.length === 0 || only.some((t) => sameTable(t, table));
  }
  const sub = subcommands(args, program);
  // `aws rds create-db-snapshot`, `gcloud sql backups create`, `etcdctl snapshot save`, `restic backup`
  return sub.slice(0, 3).some((w) => /^(?:create-)?(?:db-)?(?:cluster-)?(?:backup|snapshot|dump|export)/.test(w));
}

/** The tables a pg_dump is limited to: `-t x`, `--table=x`. */
function tableFilter(args: readonly ShellWord[]): string[] {
  const out: string[] = [];
  args.forEach((w, i) => {
    const v = w.value ?? '';
    if ((v === '-t' || v === '--table') && args[i + 1]?.value) out.push(args[i + 1]?.value as string);
    else if (v.startsWith('--table=')) out.push(v.slice('--table='.length));
    else if (/^-t\S/.test(v)) out.push(v.slice(2));
  });
  return out;
}

function sameTable(filter: string, table: string): boolean {
  const last = (name: string): string => (name.split('.').at(-1) ?? name).replace(/"/g, '').toLowerCase();
  const f = last(filter);
  // a pattern (`-t 'invoices_*'`) may hold it: silence over a guess
  return f === last(table) || /[*?]/.test(f);
}

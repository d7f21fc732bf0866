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

/**
 * `--dry-run`, `--dryRun`, `--check`, `--noop`, `--plan`, `--pretend` (Laravel), `--sql`
 * (Alembic's offline mode prints the SQL): a rehearsal that changes nothing.
 */
function isDryRun(value: string | null): boolean {
  if (!value) return false;
  if (value.toLowerCase() === '--dry-run=none') return false;
  return /^--(?:dry-?run|check|noop|plan|what-?if|pretend|sql)(?:=|$)/i.test(value);
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
  restic: ['-r', '--repo', '-p', '--password-file', '--cache-dir'],
  borg: ['--remote-path'],
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
  'change',
  'tag',
  'untag',
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

/** `aws s3 cp` / `sync` flags that take no value; every other option takes the next word. */
const S3_FLAGS = new Set([
  '--recursive',
  '--dryrun',
  '--quiet',
  '--no-progress',
  '--only-show-errors',
  '--follow-symlinks',
  '--no-follow-symlinks',
  '--delete',
  '--exact-timestamps',
  '--size-only',
  '--no-guess-mime-type',
]);

/** The second path of `aws s3 cp <from> <to>`: where the copy goes. */
function s3Destination(args: readonly ShellWord[]): string | null {
  const paths: string[] = [];
  for (let i = 2; i < args.length; i++) {
    const v = args[i]?.value ?? '';
    if (v.startsWith('-')) {
      if (!S3_FLAGS.has(v) && !v.includes('=')) i++;
      continue;
    }
    paths.push(v);
  }
  return paths[1] ?? null;
}

const CLOUD_READS = [
  'list',
  'describe',
  'get',
  'show',
  'ssh',
  'scp',
  'logs?',
  'read',
  'tail',
  'browse',
  'connect',
  'wait',
  'filter',
  'lookup',
  'search',
  'test',
  'validate',
  'estimate',
  'preview',
  'simulate',
  'start-query',
];
const CLOUD_READ = new RegExp(`^(?:${CLOUD_READS.join('|')})(?:-|$)`);

const cloud =
  (depth: number): Judge =>
  (sub) => {
    // the CLI's own settings and login (`gcloud config set project`, `az account set`) change no system
    if (sub[0] !== undefined && LOCAL_GROUPS.has(sub[0])) return null;
    for (let i = 1; i <= depth && i < sub.length; i++) {
      const verb = sub[i] as string;
      // `gcloud compute ssh deploy-bastion`, `aws logs start-query`: a read verb ends the path;
      // what follows it is a resource's name
      if (CLOUD_READ.test(verb)) return null;
      if (CLOUD_VERB.test(verb)) return sub.slice(0, i + 1).join(' ');
    }
    return null;
  };

/** Rails and Laravel tasks that change the schema or the data; `db:migrate:status` only reads. */
const MIGRATE_TASKS =
  /^(?:db:)?(?:migrate|rollback|seed|schema:load|setup|reset|drop)(?::(?:fresh|refresh|reset|rollback|redo|up|down))?$/;

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
  aws: (sub, args) => {
    if (sub[0] === 's3') {
      if (sub[1] === 'mv' || sub[1] === 'rm' || sub[1] === 'rb') return `s3 ${sub[1]}`;
      // a copy changes the bucket only when the bucket is where it goes (`aws s3 cp s3://… ./` downloads)
      return (sub[1] === 'cp' || sub[1] === 'sync') && s3Destination(args)?.startsWith('s3://') ? `s3 ${sub[1]}` : null;
    }
    return cloud(1)(sub, []);
  },
  gcloud: cloud(4),
  az: cloud(3),
  psql: () => null,
  // `pg_restore -l` lists what an archive holds
  pg_restore: (_sub, args) => (args.some((w) => w.value === '-l' || w.value === '--list') ? null : ''),
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
    sub[0] === 'artisan' && sub[1] && (MIGRATE_TASKS.test(sub[1]) || /^db:(?:seed|wipe)$/.test(sub[1]))
      ? `artisan ${sub[1]}`
      : null,
  bundle: (sub) =>
    sub[0] === 'exec' && sub[1] && ['rails', 'rake'].includes(sub[1]) && sub[2] && MIGRATE_TASKS.test(sub[2])
      ? `exec ${sub[1]} ${sub[2]}`
      : null,
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
      /^(?:db:)?migrate(?::(?:latest|up|down|rollback|undo|undo:all))?$/.test(sub[1])
    )
      return `${sub[0]} ${sub[1]}`;
    return null;
  },
};

/**
 * How each dump tool says what it keeps: the options after which it holds no rows, those that
 * limit it to some tables (`pg_dump -t x`) or leave some out (`-T x`), and whether the words
 * after the database name are tables (`mysqldump shop customers`). Each tool's own letters:
 * `-t` is pg_dump's table but mydumper's thread count, `-d` mysqldump's no-data but pg_dump's
 * database, `-r` pg_dumpall's roles but pg_basebackup's rate limit.
 */
interface Dumper {
  noData: readonly string[];
  only: readonly string[];
  except: readonly string[];
  positionalTables?: boolean;
  /** options whose value is the next word, so that value is no database or table name */
  withValue?: readonly string[];
}

const MYSQL_DUMP: Dumper = {
  noData: ['-d', '--no-data'],
  only: ['--tables'],
  except: ['--ignore-table'],
  positionalTables: true,
  withValue: ['-u', '--user', '-h', '--host', '-P', '--port', '-r', '--result-file', '-S', '--socket', '--where', '-w'],
};

const DUMPERS: Record<string, Dumper> = {
  pg_dump: { noData: ['-s', '--schema-only'], only: ['-t', '--table'], except: ['-T', '--exclude-table'] },
  pg_dumpall: {
    noData: ['-s', '--schema-only', '-r', '--roles-only', '-g', '--globals-only', '--tablespaces-only'],
    only: [],
    except: [],
  },
  pg_basebackup: { noData: [], only: [], except: [] },
  mysqldump: MYSQL_DUMP,
  'mariadb-dump': MYSQL_DUMP,
  mydumper: { noData: ['-d', '--no-data'], only: ['-T', '--tables-list'], except: [] },
  mongodump: { noData: [], only: ['-c', '--collection'], except: ['--excludeCollection'] },
  xtrabackup: { noData: [], only: [], except: [] },
  mariabackup: { noData: [], only: [], except: [] },
};

/**
 * Whether the command copies the data before it is changed — a dump, a snapshot, a backup job
 * (`pg_dump -Fc billing`, `aws rds create-db-snapshot`, `velero backup create`) — of `table`
 * among others: a dump limited to other tables, or leaving this one out, or of the schema or
 * the roles only, keeps nothing of it.
 */
export function backsUp(command: ShellCommand, table: string): boolean {
  const program = command.program;
  if (!program) return false;
  const args = command.args;
  const dumper = DUMPERS[program];
  if (dumper) {
    const option = (w: ShellWord): string => (w.value ?? '').split('=')[0] as string;
    if (args.some((w) => dumper.noData.includes(option(w)))) return false;
    const only = valuesOf(args, dumper.only);
    if (dumper.positionalTables) only.push(...positionalTables(args, dumper.withValue ?? []));
    if (valuesOf(args, dumper.except).some((t) => sameTable(t, table))) return false;
    return only.length === 0 || only.some((t) => sameTable(t, table));
  }
  // an LVM snapshot of the volume the database lives on
  if (program === 'lvcreate') return args.some((w) => w.value === '-s' || w.value === '--snapshot');
  const sub = subcommands(args, program);
  // `aws rds create-db-snapshot`, `gcloud sql backups create`, `etcdctl snapshot save`, `restic backup`
  return sub.slice(0, 3).some((w) => /^(?:create-)?(?:db-)?(?:cluster-)?(?:backup|snapshot|dump|export)/.test(w));
}

/** The values of some options: `-t x`, `--table=x`, `-tx`; a comma list split (`--tables-list a,b`). */
function valuesOf(args: readonly ShellWord[], names: readonly string[]): string[] {
  const out: string[] = [];
  args.forEach((w, i) => {
    const v = w.value ?? '';
    const next = args[i + 1]?.value ?? null;
    for (const name of names) {
      if (v === name && next) out.push(...next.split(','));
      else if (name.startsWith('--') && v.startsWith(`${name}=`)) out.push(...v.slice(name.length + 1).split(','));
      else if (!name.startsWith('--') && v.startsWith(name) && v.length > name.length && !v.startsWith('--'))
        out.push(v.slice(name.length));
    }
  });
  return out;
}

/** `mysqldump [options] shop customers addresses`: the words after the database are its tables. */
function positionalTables(args: readonly ShellWord[], withValue: readonly string[]): string[] {
  const words: string[] = [];
  let many = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value ?? null;
    if (v === null) return [];
    if (v === '--databases' || v === '-B' || v === '--all-databases' || v === '-A') many = true;
    if (v.startsWith('-')) {
      if (withValue.includes(v)) i++;
      continue;
    }
    words.push(v);
  }
  return many ? [] : words.slice(1);
}

function sameTable(filter: string, table: string): boolean {
  const last = (name: string): string => (name.split('.').at(-1) ?? name).replace(/"/g, '').toLowerCase();
  const f = last(filter);
  // a pattern (`-t 'invoices_*'`) may hold it: silence over a guess
  return f === last(table) || /[*?]/.test(f);
}

/**
 * Inline code that is a file path of the project: a name with an extension and a folder
 * (`tests/Feature/CopyTest.php`), or without a folder only with a known extension (`spec.md`,
 * not the field `related.type`); `./` at the start dropped. Nothing a shell would expand
 * (`{a,b}.md`, `*.php`), no URL, no absolute or home path: a pattern names many files or none,
 * and a path outside the repository is not the repository's.
 */
export function asFilePath(value: string): string | null {
  const v = value.trim().replace(/^\.\//, '');
  if (v.length === 0 || v.length > 300 || /[\s{}*?[\]$<>|;'"`()]/.test(v) || /^[a-z]+:\/\//i.test(v)) return null;
  if (v.startsWith('/') || v.startsWith('~') || v.startsWith('../')) return null;
  const name = v.split('/').pop() ?? '';
  const ext = /^[\w.@-]+\.([A-Za-z][A-Za-z0-9]{0,5})$/.exec(name)?.[1]?.toLowerCase();
  if (!ext) return null;
  // without a folder, `related.type` is a field, `spec.md` a file: only known extensions count
  return v.includes('/') || FILE_EXTENSIONS.has(ext) ? v : null;
}

const FILE_EXTENSIONS = new Set(
  (
    'md markdown txt php ts tsx js jsx mjs cjs go py rb java kt swift rs c h cpp cs sql yml yaml json toml xml ' +
    'ini conf cfg env sh bash ps1 tf hcl proto gradle lock html css scss vue svelte csv'
  ).split(' '),
);

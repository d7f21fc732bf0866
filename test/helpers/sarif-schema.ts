import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
// the schema's language-tag pattern is not valid as a unicode regular expression;
// CommonJS packages: under NodeNext the class and the plugin are their `default` export
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);

/** The official SARIF 2.1.0 schema, compiled once. */
export const validateSarif = ajv.compile(schema);

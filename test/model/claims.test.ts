import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { Runbook, type TableCell } from '../../src/document/index.js';
import { cellMeaning, vocabularyOf } from '../../src/model/cells.js';
import { blockClaims, modeMentions, type Claim } from '../../src/model/claims.js';

/** The tables model (cells by meaning) and the prose model (sentences as claims), asked directly. */

describe('the tagger is loaded lazily', () => {
  // fresh modules: test files share a worker's module cache, and another file may have loaded the tagger
  const fresh = async () => {
    vi.resetModules();
    const [{ lint: freshLint }, { taggerLoaded }] = await Promise.all([
      import('../helpers/lint.js'),
      import('../../src/model/nlp.js'),
    ]);
    return { lint: freshLint, taggerLoaded };
  };
  it('a runbook whose prose no rule needs does not load it', async () => {
    const { lint, taggerLoaded } = await fresh();
    await lint(
      '# Upgrade\n\nStop the workers, run the migrations, start the ' +
        'workers again.\n\n| Step | Owner |\n' +
        '|---|---|\n| 1 | ops |\n',
    );
    expect(taggerLoaded()).toBe(false);
  });
  it('a sentence about a mode and the new service does', async () => {
    const { lint, taggerLoaded } = await fresh();
    await lint('In OFF mode Laravel sends every message itself.\n');
    expect(taggerLoaded()).toBe(true);
  });
  // the worker runs loadWink's source text: a name from outside it would fail there, and the tagger would answer
  // from this thread instead (correct, but the load no longer off the critical path)
  it('answers from its worker, which loads the model from loadWink’s source', async () => {
    vi.resetModules();
    const [{ lint }, nlp] = await Promise.all([import('../helpers/lint.js'), import('../../src/model/nlp.js')]);
    await lint('In OFF mode Laravel sends every message itself.\n');
    expect(nlp.taggerThread()).toBe('worker');
    expect(nlp.tag('The Go service never sends it.')?.map((t) => t.pos)).toEqual([
      'DET',
      'ADJ',
      'NOUN',
      'ADV',
      'VERB',
      'PRON',
      'PUNCT',
    ]);
    expect(nlp.taggerThread()).toBe('worker');
  });
});

const cell = (text: string, header = 'Value'): TableCell => {
  const t = new Runbook(`| Mode | ${header} |\n|---|---|\n| ON | ${text} |\n`).tables[0];
  return t?.rows[0]?.[1] as TableCell;
};

describe('cellMeaning', () => {
  it.each([
    ['✅', 'yes'],
    ['✔️', 'yes'],
    ['☑', 'yes'],
    ['❌', 'no'],
    ['✖', 'no'],
    ['✗', 'no'],
    ['YES (dry run)', 'yes'],
    ['yes', 'yes'],
    ['No', 'no'],
    ['never', 'no'],
    ['-', 'na'],
    ['—', 'na'],
    ['n/a', 'na'],
    ['N/A', 'na'],
    ['', 'na'],
    ['`true`', 'literal'],
    ['false (provider sandbox)', 'literal'],
    ['`accepted`, `duplicate`', 'statuses'],
    ['only on timeout / transport / breaker OPEN', 'conditional'],
    ['Laravel', 'text'],
  ])('%s → %s', (text, kind) => {
    expect(cellMeaning(cell(text)).kind).toBe(kind);
  });

  it('reads the conditions of a conditional cell', () => {
    expect(cellMeaning(cell('only on timeout / transport / breaker OPEN')).conditions).toEqual([
      'timeout',
      'transport',
      'breaker-open',
    ]);
    expect(cellMeaning(cell('only on timeout (> 500 ms), transport failure or open circuit')).conditions).toEqual([
      'timeout',
      'transport',
      'breaker-open',
    ]);
    expect(cellMeaning(cell('on any error')).conditions).toEqual(['any-failure']);
    expect(cellMeaning(cell('only on timeout, never on other errors')).conditions).toEqual(['timeout']);
  });

  it('reads fallback-only and qualifiers', () => {
    const no = cellMeaning(cell('NO (fallback only)'));
    expect([no.kind, no.fallbackOnly, no.conditions]).toEqual(['no', true, ['fallback']]);
    const yes = cellMeaning(cell('YES (only on timeout)'));
    expect([yes.kind, yes.conditions]).toEqual(['yes', ['timeout']]);
    expect(cellMeaning(cell('fallback only')).kind).toBe('conditional');
  });

  it('lists statuses and literals as written', () => {
    expect(cellMeaning(cell('`accepted`, `duplicate`')).statuses).toEqual(['accepted', 'duplicate']);
    const literal = cellMeaning(cell('`true`'));
    expect([literal.value, literal.code, literal.surface]).toEqual([true, true, 'true']);
  });
});

describe('vocabularyOf', () => {
  const table = (rows: string[]) =>
    new Runbook(['| Mode | A | B |', '|---|---|---|', ...rows, ''].join('\n')).tables[0] as NonNullable<
      Runbook['tables'][0]
    >;
  it('a table of ✅ marks writes no as ❌', () => {
    const v = vocabularyOf(table(['| OFF | ✅ | ✅ |', '| ON | ✅ | - |']));
    expect([v.yes, v.no]).toEqual(['✅', '❌']);
  });
  it('a lower-case table writes lower case; literals keep their code spans', () => {
    const v = vocabularyOf(table(['| OFF | no | `false` |', '| ON | no | `true` |']), 2);
    expect([v.yes, v.no, v.literal(true)]).toEqual(['yes', 'no', '`true`']);
  });
  it('a table without yes or no falls back to YES / NO', () => {
    const v = vocabularyOf(table(['| OFF | Laravel | - |']));
    expect([v.yes, v.no, v.literal(false)]).toEqual(['YES', 'NO', 'false']);
  });
});

/** The claims of the first block's sentences, by verb lemma. */
function claims(text: string): Claim[] {
  const block = new Runbook(`${text}\n`).prose[0];
  if (!block) throw new Error('no prose');
  return blockClaims(block, DEFAULT_SETTINGS, () => true).flatMap((s) => s.claims);
}
const claim = (text: string, action: string): Claim => {
  const c = claims(text).find((x) => x.action === action);
  if (!c) throw new Error(`no "${action}" claim in: ${text}`);
  return c;
};

describe('claims', () => {
  it('actor, action, object and mode', () => {
    const c = claim('In OFF mode the controller also calls the Go service to warm its cache.', 'call');
    expect([c.actor?.entity, c.objects.map((o) => o.entity), c.mode, c.negated, c.passive]).toEqual([
      'controller',
      ['new'],
      'off',
      false,
      false,
    ]);
  });

  it('a passive verb: its subject is the patient', () => {
    const c = claim('In SHADOW mode the Go result is returned to the caller.', 'return');
    expect([c.passive, c.patient?.entity, c.objects.map((o) => `${o.entity}@${o.prep}`)]).toEqual([
      true,
      'result',
      ['response@to'],
    ]);
  });

  it('polarity: the tagger’s negation, a negative object, a negative subject', () => {
    expect(claim('The Go service does not call any provider.', 'call').negated).toBe(true);
    expect(claim('The Go service calls no provider.', 'call').negated).toBe(true);
    expect(claim('Nothing reaches the provider during a dry run.', 'reach').negated).toBe(true);
    expect(
      claim('The dry run never reaches the provider (not even its sandbox).', 'reach').objects.every((o) => o.negated),
    ).toBe(true);
    expect(claim('Dry runs record the message instead of calling the provider.', 'call').negated).toBe(true);
  });

  it('modality: a requirement, a possibility, a hypothesis', () => {
    expect(claim('The Go service must be called in ON mode.', 'call').modality).toBe('must');
    expect(claim('The Go service can call the sandbox.', 'call').modality).toBe('may');
    expect(claim('A dry run would reach the sandbox.', 'reach').hypothetical).toBe(true);
  });

  it('historical: "used to", "Before the migration, …", a simple past', () => {
    expect(claim('The Go prototype used to call the provider sandbox.', 'call').historical).toBe(true);
    expect(claim('Before the migration, the Go service calls the sandbox.', 'call').historical).toBe(true);
    expect(claim('The Go service called the sandbox in March.', 'call').historical).toBe(true);
    expect(
      claim('In SHADOW mode the Go service calls the sandbox, so results can be compared before cutover.', 'call')
        .historical,
    ).toBe(false);
  });

  it('hypothetical: "if we had …"', () => {
    const [cond, main] = [
      claim('If we had called the sandbox, dry runs would have cost money.', 'call'),
      claim('If we had called the sandbox, dry runs would have cost money.', 'cost'),
    ];
    expect([cond.hypothetical, cond.isCondition, main.hypothetical]).toEqual([true, true, true]);
  });

  it('class 15: "whenever ON mode falls back, …" — the fallback is the condition of the legacy send', () => {
    const text = 'Whenever ON mode falls back, the legacy path sends a message that already has a UUID.';
    const fallback = claim(text, 'fall back');
    const send = claim(text, 'send');
    expect([fallback.isCondition, send.isCondition, send.actor?.entity, send.mode, send.conditions]).toEqual([
      true,
      false,
      'legacy',
      'on',
      ['fallback'],
    ]);
  });

  it('conditions of a fallback: the allowed case, or any failure', () => {
    expect(
      claim('In ON mode Laravel falls back only if the Go call times out or the circuit breaker is open.', 'fall back')
        .conditions,
    ).toEqual(['timeout', 'breaker-open']);
    expect(claim('In ON mode Laravel falls back whenever the Go call throws.', 'fall back').conditions).toEqual([
      'any-failure',
    ]);
    expect(
      claim('In ON mode Laravel retries through the legacy driver on any error from the Go call.', 'retry').conditions,
    ).toEqual(['any-failure']);
    expect(
      claim('In ON mode Laravel falls back on timeout, transport failure or an open breaker.', 'fall back').conditions,
    ).toEqual(['timeout', 'transport', 'breaker-open']);
  });

  it('class 15: listings of mode values are about no one mode', () => {
    const braces = claim('Valid values are `{OFF|SHADOW|ON}` and the controller calls the Go service.', 'call');
    expect([braces.mode, braces.listing]).toEqual([null, true]);
    const dump = claims('The flag query prints `sms.go_send | NULL | OFF` and the Go client sends it.');
    expect(dump.every((c) => c.mode === null && c.listing)).toBe(true);
    expect(claim('Tenants move from SHADOW to ON and the Go service sends.', 'send').mode).toBe(null);
  });

  it('a mode named only to exclude it is no mode of the claim', () => {
    expect(claim('The controller calls the Go client unless the flag is OFF.', 'call').mode).toBe(null);
    expect(claim('The controller calls the Go client when the flag is ON.', 'call').mode).toBe('on');
  });

  it('a mode named later in a clause of purpose or supposition is no mode of the claim', () => {
    expect(
      claim('The Go service asks the provider for a quote, so that the report shows what ON would cost.', 'ask').mode,
    ).toBe(null);
    expect(claim('The Go service asks the provider for a quote in ON.', 'ask').mode).toBe('on');
  });

  it('the paragraph’s mode carries to the next sentence, not past a listing', () => {
    expect(claim('In SHADOW mode both paths run. The Go result is returned to the caller.', 'return').mode).toBe(
      'shadow',
    );
    expect(
      claim('In SHADOW mode both paths run. Later tenants switch between `{OFF|ON}`. The Go service sends.', 'send')
        .mode,
    ).toBe(null);
    expect(claim('This never happens in SHADOW mode. The Go result is returned to the caller.', 'return').mode).toBe(
      null,
    );
  });

  it('quoted and questions', () => {
    expect(claim('The old page said "the Go service calls the sandbox", which was wrong.', 'call').quoted).toBe(true);
    expect(claim('Does a dry run reach the sandbox?', 'reach').question).toBe(true);
  });

  it('modeMentions: the mode names in their case, not SQL', () => {
    expect(
      modeMentions('Turn on logging; ON DELETE CASCADE stays; in ON mode Go sends.', DEFAULT_SETTINGS).map((m) => [
        m.role,
        m.framing,
      ]),
    ).toEqual([['on', true]]);
  });
});

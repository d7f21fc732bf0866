"""The engine behind the eval set builders (build_violations.py, build_ops.py, build_ops2.py).

Each defect is a small text edit of a compliant runbook: `E(old, new, count)` replaces `old`,
which must occur exactly `count` times; `CUT(start, end)` removes the text from the marker
`start` up to the marker `end`; `MOVE(start, end)` moves that text to the end of the file. A
label's line is found from its `anchor`, which must occur exactly once in the finished copy (or
its `nth` occurrence). CRLF files are edited as LF and written back as CRLF.
"""
import json
import os
import sys


def E(old, new, count=1):
    return {'old': old, 'new': new, 'count': count}


def CUT(start, end):
    """Remove text from the marker `start` (inclusive) to the marker `end` (exclusive)."""
    return {'cut_from': start, 'cut_to': end}


def MOVE(start, end):
    """Move the text from the marker `start` (inclusive) to `end` (exclusive) to the end of the file."""
    return {'move_from': start, 'move_to': end}


def L(rule, anchor, why, missing=False, nth=1):
    return {'rule': rule, 'anchor': anchor, 'why': why, 'missing': missing, 'nth': nth}


def apply_edit(text, e, where):
    if 'move_from' in e:
        if text.count(e['move_from']) != 1 or text.count(e['move_to']) != 1:
            sys.exit(f"{where}: move markers must be unique")
        a = text.index(e['move_from'])
        b = text.index(e['move_to'])
        if b <= a:
            sys.exit(f"{where}: move end before start")
        moved = text[a:b].rstrip('\n') + '\n'
        return (text[:a] + text[b:]).rstrip('\n') + '\n\n' + moved
    if 'cut_from' in e:
        if text.count(e['cut_from']) != 1 or text.count(e['cut_to']) != 1:
            sys.exit(f"{where}: cut markers must be unique: {e['cut_from'][:60]!r} / {e['cut_to'][:60]!r}")
        a = text.index(e['cut_from'])
        b = text.index(e['cut_to'])
        if b <= a:
            sys.exit(f"{where}: cut end before start")
        return text[:a] + text[b:]
    n = text.count(e['old'])
    if n != e['count']:
        sys.exit(f"{where}: expected {e['count']} occurrence(s) of edit text, found {n}:\n{e['old'][:200]}")
    return text.replace(e['old'], e['new'])


def find_line(text, anchor, nth, where):
    n = text.count(anchor)
    if nth == 1 and n != 1:
        sys.exit(f"{where}: anchor must be unique, found {n}: {anchor!r}")
    if n < nth:
        sys.exit(f"{where}: anchor occurrence {nth} not found: {anchor!r}")
    idx = -1
    for _ in range(nth):
        idx = text.index(anchor, idx + 1)
    return text.count('\n', 0, idx) + 1


def build(spec, folder, prefix='', missing_always=False):
    """Writes each runbook's violating copies into `folder` and `folder`/labels.json.

    Label keys are `prefix` + the file name (paths relative to eval/). `missing_always` writes
    "missing": false on every label that is not an absence, else only "missing": true ones.
    """
    labels = {'files': {}}
    for name, copies in spec.items():
        raw = open(os.path.join(folder, name + '.md'), encoding='utf-8', newline='').read()
        crlf = '\r\n' in raw
        base = raw.replace('\r\n', '\n')
        labels['files'][f'{prefix}{name}.md'] = {'compliant': True, 'defects': []}
        for i, copy in enumerate(copies, start=1):
            out_name = f"{name}.violations-{i}.md"
            text = base
            for j, (edits, _) in enumerate(copy):
                for e in edits:
                    text = apply_edit(text, e, f"{out_name} defect #{j + 1}")
            defects = []
            for _, labs in copy:
                for lab in labs:
                    where = f"{out_name} label {lab['rule']}"
                    d = {'rule': lab['rule'], 'line': find_line(text, lab['anchor'], lab['nth'], where),
                         'why': lab['why']}
                    if missing_always or lab['missing']:
                        d['missing'] = bool(lab['missing'])
                    defects.append(d)
            defects.sort(key=lambda d: d['line'])
            with open(os.path.join(folder, out_name), 'w', encoding='utf-8', newline='') as f:
                f.write(text.replace('\n', '\r\n') if crlf else text)
            labels['files'][f'{prefix}{out_name}'] = {'compliant': False, 'defects': defects}
    with open(os.path.join(folder, 'labels.json'), 'w', encoding='utf-8') as f:
        json.dump(labels, f, indent=2, ensure_ascii=False)
        f.write('\n')
    total = sum(len(v['defects']) for v in labels['files'].values())
    print(f"wrote {len(labels['files'])} files into {prefix}labels.json, {total} defects")

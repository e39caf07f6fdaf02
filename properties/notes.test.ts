/**
 * The specification in proofs-notes/ stands on its own (proofs-notes §0.3): every relative link and
 * anchor in the notes and the README resolves inside the repository, section numbers and numbered
 * statements are unique, every "§N.M" cited in the notes or the sources names a section that exists,
 * and every note is in the index.
 *
 * §10 and §11 (exact-analysis.md, study.md) are written separately: while such a file is absent, a
 * plain link to it and citations of its section pass; once it exists it is checked like the others.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { posix } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  type MarkdownTree,
  anchorsOf,
  brokenLinks,
  citedSections,
  duplicates,
  headingsOf,
  linksOf,
  sectionsOf,
  slug,
  statementsOf,
} from './markdown-links.ts'

const ROOT = new URL('../', import.meta.url)
const SKIP = new Set(['node_modules', '.git', 'results', 'docs'])

const walk = (dir: string): string[] =>
  readdirSync(new URL(dir === '' ? '.' : `${dir}/`, ROOT), { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return []
    const path = dir === '' ? e.name : `${dir}/${e.name}`
    return e.isDirectory() ? walk(path) : [path]
  })

const ALL = walk('')
const inRepo = (path: string): boolean => path !== '..' && !path.startsWith('../') && !posix.isAbsolute(path)
const tree: MarkdownTree = {
  files: new Map(ALL.filter((p) => p.endsWith('.md')).map((p) => [p, readFileSync(new URL(p, ROOT), 'utf8')])),
  exists: (path) => inRepo(path) && (path === '.' || existsSync(new URL(path, ROOT))),
}

/** The notes of §0–§15, in order; §10, §11, §13 and §14 are written separately. */
const NOTE_FILES = [
  'README.md',
  'model.md',
  'llm.md',
  'mechanism.md',
  'baselines.md',
  'strategies.md',
  'incentive-compatibility.md',
  'second-best.md',
  'impossibility.md',
  'checks.md',
  'exact-analysis.md',
  'study.md',
  'obligations.md',
  'leaping.md',
  'robust.md',
  'reproducibility.md',
].map((f) => `proofs-notes/${f}`)
/** Notes written separately: while absent, links to them and citations of their sections pass. */
const PENDING = new Map([
  ['proofs-notes/exact-analysis.md', '10'],
  ['proofs-notes/study.md', '11'],
])
const absentPending = new Set([...PENDING.keys()].filter((f) => !tree.files.has(f)))
const notes = NOTE_FILES.filter((f) => tree.files.has(f))
const checkedMarkdown = [...notes, 'README.md']

describe('the specification in proofs-notes/', () => {
  it('has every note of §0–§15 but the pending ones, and every Markdown file in proofs-notes/ is one of §0–§15', () => {
    expect(NOTE_FILES.filter((f) => !tree.files.has(f) && !PENDING.has(f))).toStrictEqual([])
    expect([...tree.files.keys()].filter((f) => f.startsWith('proofs-notes/') && !NOTE_FILES.includes(f))).toStrictEqual([])
  })

  it('every relative link and anchor in the notes and the README resolves inside the repository', () => {
    const problems = checkedMarkdown.flatMap((f) => brokenLinks(tree, f, absentPending))
    expect(problems).toStrictEqual([])
    expect(checkedMarkdown.flatMap((f) => linksOf(tree.files.get(f)!)).length).toBeGreaterThan(100)
  })

  it('section numbers are unique across notes, and each note numbers its sections under its own', () => {
    const sections = sectionsOf(tree, notes)
    expect(duplicates(sections.map((s) => s.section))).toStrictEqual([])
    for (const file of notes) {
      const own = sections.filter((s) => s.file === file).map((s) => s.section)
      const top = own.filter((s) => !s.includes('.'))
      const expected = String(NOTE_FILES.indexOf(file))
      if (file === 'proofs-notes/README.md') expect(own.every((s) => s.startsWith('0.'))).toBe(true)
      else expect(top, file).toStrictEqual([expected])
      expect(
        own.every((s) => s === expected || s.startsWith(`${expected}.`)),
        file,
      ).toBe(true)
    }
  })

  it('numbered statements (Lemma 6.3, Proposition 8.5, …) are unique and carry their section’s number', () => {
    const statements = statementsOf(tree, notes)
    expect(duplicates(statements.map((s) => s.label))).toStrictEqual([])
    for (const s of statements) expect(`${s.file}: ${s.label}`).toBe(`${s.file}: ${NOTE_FILES.indexOf(s.file)}.${s.label.split('.')[1]}`)
    expect(statements.length).toBeGreaterThan(15)
  })

  it('every § cited in the notes, the README, src/ and properties/ names a section that exists', () => {
    const sections = new Set(['0', ...sectionsOf(tree, notes).map((s) => s.section)])
    const pendingTop = new Set([...absentPending].map((f) => PENDING.get(f)!))
    const sources = ALL.filter((p) => /^(src|properties|bench)\/.*\.ts$/.test(p))
    const texts: [string, string][] = [
      ...checkedMarkdown.map((f): [string, string] => [f, tree.files.get(f)!]),
      ...sources.map((f): [string, string] => [f, readFileSync(new URL(f, ROOT), 'utf8')]),
    ]
    const unknown = texts.flatMap(([file, text]) =>
      citedSections(text)
        .filter((s) => !sections.has(s) && !pendingTop.has(s.split('.')[0]!))
        .map((s) => `${file}: §${s}`),
    )
    expect([...new Set(unknown)]).toStrictEqual([])
  })

  it('headings carry no math (their anchors stay stable) and the index links every note', () => {
    for (const f of notes)
      expect(
        headingsOf(tree.files.get(f)!).filter((h) => h.text.includes('$')),
        f,
      ).toStrictEqual([])
    const index = linksOf(tree.files.get('proofs-notes/README.md')!).map((h) => h.split('#')[0])
    for (const f of NOTE_FILES.slice(1)) if (!absentPending.has(f)) expect(index, f).toContain(posix.basename(f))
  })
})

describe('the link checker', () => {
  const toy = (files: Record<string, string>): MarkdownTree => {
    const map = new Map(Object.entries(files))
    const dirs = new Set(
      [...map.keys()].flatMap((f) =>
        f
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
      ),
    )
    return { files: map, exists: (p) => map.has(p) || dirs.has(p) }
  }

  it('anchors follow GitHub: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    expect(slug('3.3 The recommended profile')).toBe('33-the-recommended-profile')
    expect(slug('§3.3 The recommended profile')).toBe('33-the-recommended-profile')
    expect(slug("7.2 Assumptions beyond the paper's stated claims")).toBe('72-assumptions-beyond-the-papers-stated-claims')
    expect(slug('4.4 TargetMix(λ)')).toBe('44-targetmixλ')
    expect([...anchorsOf('# A\n\n## Notes\n\n## Notes\n')]).toStrictEqual(['a', 'notes', 'notes-1'])
  })

  it('reports a missing file, a missing anchor and a link out of the repository, and accepts good ones', () => {
    const t = toy({
      'n/a.md':
        '# 1 A\n\nSee [b](b.md#21-two), [bad](b.md#22-none), [gone](c.md), [out](../../x.md), [self](#1-a), [web](https://arxiv.org/abs/2511.00847).\n',
      'n/b.md': '# 2 B\n\n## 2.1 Two\n',
    })
    expect(brokenLinks(t, 'n/a.md')).toStrictEqual([
      'n/a.md: link "b.md#22-none": no heading of n/b.md has the anchor #22-none',
      'n/a.md: link "c.md": n/c.md does not exist',
      'n/a.md: link "../../x.md": ../x.md does not exist',
    ])
    expect(brokenLinks(t, 'n/b.md')).toStrictEqual([])
  })

  it('finds duplicate section numbers and statements across notes', () => {
    const t = toy({ 'a.md': '# 1 A\n\n## 1.1 X\n\n**Lemma 1.1 (x).** …\n', 'b.md': '# 2 B\n\n## 1.1 Y\n\n**Lemma 1.1 (y).** …\n' })
    expect(duplicates(sectionsOf(t, ['a.md', 'b.md']).map((s) => s.section))).toStrictEqual(['1.1'])
    expect(duplicates(statementsOf(t, ['a.md', 'b.md']).map((s) => s.label))).toStrictEqual(['1.1'])
  })
})

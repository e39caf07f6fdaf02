/**
 * The output-directory writer over random file-system situations: whatever is at the target and
 * next to it (files, foreign or marked directories, symbolic links, FIFOs, leftovers of
 * interrupted runs, a read-only parent), nothing the tool did not create changes, byte for byte;
 * the write succeeds exactly when everything in the way is the tool's own.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { OUTPUT_MARKER, PARTIAL_MARKER, writeOutputDir } from '../../src/report/output-dir.ts'
import { changedEntries, removeSandbox, sandbox, snapshotTree } from '../cli/sandbox.ts'
import { runs } from '../settings.ts'

type Target =
  | 'absent'
  | 'file'
  | 'emptyDir'
  | 'foreignDir'
  | 'marked'
  | 'markedPlusUser'
  | 'linkForeign'
  | 'linkMarked'
  | 'dangling'
  | 'fifo'
type Leftover = 'absent' | 'partialDead' | 'partialLive' | 'marked' | 'foreignDir' | 'file'

interface Situation {
  readonly target: Target
  readonly tmp: Leftover
  readonly old: Leftover
  readonly siblings: readonly { readonly name: string; readonly contents: string }[]
  readonly readOnlyParent: boolean
  readonly files: readonly { readonly name: string; readonly contents: string }[]
}

const fileName = fc.stringMatching(/^[a-z]{1,5}(\.[a-z]{1,3})?$/)
const entries = fc.uniqueArray(fc.record({ name: fileName, contents: fc.string({ maxLength: 20 }) }), {
  selector: (e) => e.name,
  maxLength: 4,
})
const situation: fc.Arbitrary<Situation> = fc.record({
  target: fc.constantFrom<Target>(
    'absent',
    'file',
    'emptyDir',
    'foreignDir',
    'marked',
    'markedPlusUser',
    'linkForeign',
    'linkMarked',
    'dangling',
    'fifo',
  ),
  tmp: fc.constantFrom<Leftover>('absent', 'absent', 'partialDead', 'partialLive', 'marked', 'foreignDir', 'file'),
  old: fc.constantFrom<Leftover>('absent', 'absent', 'partialDead', 'marked', 'foreignDir', 'file'),
  siblings: entries.map((es) => es.filter((e) => e.name !== 'out')),
  readOnlyParent: fc.boolean(),
  files: fc.uniqueArray(
    fc.record({
      name: fc.oneof(
        fileName,
        fc.tuple(fileName, fileName).map(([a, b]) => `${a}/${b}`),
      ),
      contents: fc.string({ maxLength: 30 }),
    }),
    {
      selector: (e) => e.name.split('/')[0]!,
      minLength: 1,
      maxLength: 4,
    },
  ),
})

const marker = (names: readonly string[]): string => JSON.stringify({ tool: 'sbd', format: 1, files: [...names].sort() })
const markedDir = (dir: string): void => {
  fs.mkdirSync(path.join(dir, 'fig'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'a.csv'), 'old')
  fs.writeFileSync(path.join(dir, 'fig/b.svg'), '<svg/>')
  fs.writeFileSync(path.join(dir, OUTPUT_MARKER), marker(['a.csv', 'fig/b.svg']))
}
const foreignDir = (dir: string): void => {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'thesis.tex'), 'mine')
}

/** Builds the situation under `parent`; returns which entries are the tool's to replace or remove. */
const build = (parent: string, s: Situation): { readonly owned: readonly string[]; readonly blocked: boolean } => {
  const out = path.join(parent, 'out')
  for (const e of s.siblings) fs.writeFileSync(path.join(parent, e.name), e.contents)
  const owned: string[] = []
  let blocked = false
  switch (s.target) {
    case 'absent':
      owned.push('out')
      break
    case 'file':
      fs.writeFileSync(out, 'precious')
      blocked = true
      break
    case 'emptyDir':
      fs.mkdirSync(out)
      owned.push('out')
      break
    case 'foreignDir':
      foreignDir(out)
      blocked = true
      break
    case 'marked':
      markedDir(out)
      owned.push('out')
      break
    case 'markedPlusUser':
      markedDir(out)
      fs.writeFileSync(path.join(out, 'notes.txt'), 'mine')
      blocked = true
      break
    case 'linkForeign':
      foreignDir(path.join(parent, 'real'))
      fs.symlinkSync(path.join(parent, 'real'), out)
      blocked = true
      break
    case 'linkMarked':
      markedDir(path.join(parent, 'real'))
      fs.symlinkSync(path.join(parent, 'real'), out)
      blocked = true
      break
    case 'dangling':
      fs.symlinkSync(path.join(parent, 'nowhere'), out)
      blocked = true
      break
    case 'fifo':
      execFileSync('mkfifo', [out])
      blocked = true
      break
  }
  for (const [name, kind] of [
    ['.sbd-tmp-out', s.tmp],
    ['.sbd-old-out', s.old],
  ] as const) {
    const p = path.join(parent, name)
    switch (kind) {
      case 'absent':
        owned.push(name)
        break
      case 'partialDead':
        fs.mkdirSync(p)
        fs.writeFileSync(path.join(p, PARTIAL_MARKER), JSON.stringify({ tool: 'sbd', format: 1, pid: 2 ** 22 + 11 }))
        fs.writeFileSync(path.join(p, 'half'), 'x')
        owned.push(name)
        break
      case 'partialLive':
        fs.mkdirSync(p)
        fs.writeFileSync(path.join(p, PARTIAL_MARKER), JSON.stringify({ tool: 'sbd', format: 1, pid: process.ppid }))
        blocked = true
        break
      case 'marked':
        markedDir(p)
        owned.push(name)
        break
      case 'foreignDir':
        foreignDir(p)
        blocked = true
        break
      case 'file':
        fs.writeFileSync(p, 'mine')
        blocked = true
        break
    }
  }
  if (s.readOnlyParent) fs.chmodSync(parent, 0o555)
  return { owned, blocked }
}

const boxes: string[] = []
afterAll(() =>
  boxes.forEach((b) => {
    fs.chmodSync(path.join(b, 'p'), 0o755)
    removeSandbox(b)
  }),
)

describe('writeOutputDir over random file-system situations', () => {
  it('changes nothing it did not create, and writes exactly when nothing foreign is in the way', () => {
    let written = 0
    let refused = 0
    fc.assert(
      fc.property(situation, (s) => {
        const box = sandbox()
        boxes.push(box)
        const parent = path.join(box, 'p')
        fs.mkdirSync(parent)
        const { owned, blocked } = build(parent, s)
        const before = snapshotTree(box)
        const r = writeOutputDir(path.join(parent, 'out'), s.files)
        const after = snapshotTree(box)
        fs.chmodSync(parent, 0o755)
        const changed = changedEntries(before, after).map((e) => e.replace(/^p\//, ''))
        // Nothing outside the tool's own entries changes (`p` changes when an entry in it is added or removed).
        expect(changed.filter((e) => e !== 'p' && !owned.some((o) => e === o || e.startsWith(`${o}/`)))).toEqual([])
        const writable = fs.statSync(parent).uid === 0 || !s.readOnlyParent
        if (blocked) {
          expect(E.isLeft(r) && r.left.kind !== undefined).toBe(true)
          expect(changed).toEqual([])
          refused++
        } else if (writable) {
          expect(r).toEqual(E.right(undefined))
          const names = fs
            .readdirSync(path.join(parent, 'out'), { recursive: true, withFileTypes: true })
            .filter((d) => d.isFile())
            .map((d) => path.relative(path.join(parent, 'out'), path.join(d.parentPath, d.name)))
            .sort()
          expect(names).toEqual([...s.files.map((f) => f.name), OUTPUT_MARKER].sort())
          for (const f of s.files) expect(fs.readFileSync(path.join(parent, 'out', f.name), 'utf8')).toBe(f.contents)
          expect(fs.existsSync(path.join(parent, '.sbd-tmp-out'))).toBe(false)
          expect(fs.existsSync(path.join(parent, '.sbd-old-out'))).toBe(false)
          written++
        }
      }),
      { numRuns: runs(150) },
    )
    // Both outcomes are exercised.
    expect(written).toBeGreaterThan(5)
    expect(refused).toBeGreaterThan(runs(150) / 3)
  })
})

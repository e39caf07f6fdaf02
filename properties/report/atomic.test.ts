import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import fc from 'fast-check'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { writeDirAtomic, writeFileAtomic } from '../../src/report/atomic.ts'
import { OUTPUT_MARKER } from '../../src/report/output-dir.ts'

let root = ''
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sbd-atomic-'))
})
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true })
})

/** All files under `dir` as sorted `relative/name -> contents` pairs. */
function snapshot(dir: string): [string, string][] {
  const out: [string, string][] = []
  const walk = (d: string, rel: string): void => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel === '' ? ent.name : `${rel}/${ent.name}`
      if (r === OUTPUT_MARKER) continue
      if (ent.isDirectory()) walk(path.join(d, ent.name), r)
      else out.push([r, fs.readFileSync(path.join(d, ent.name), 'utf8')])
    }
  }
  walk(dir, '')
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

const tooLong = 'x'.repeat(300) // exceeds NAME_MAX (255) on common filesystems

describe('writeFileAtomic', () => {
  it('writes and then replaces a file, leaving no temp file', () => {
    const file = path.join(root, 'a.txt')
    expect(writeFileAtomic(file, 'one')).toEqual(E.right(undefined))
    expect(writeFileAtomic(file, 'two')).toEqual(E.right(undefined))
    expect(fs.readFileSync(file, 'utf8')).toBe('two')
    expect(fs.readdirSync(root)).toEqual(['a.txt'])
  })

  it('fails without touching the target when the folder does not exist', () => {
    const r = writeFileAtomic(path.join(root, 'missing', 'a.txt'), 'x')
    expect(E.isLeft(r)).toBe(true)
    expect(fs.readdirSync(root)).toEqual([])
  })
})

describe('writeDirAtomic', () => {
  it('writes a directory (with one subfolder level) and replaces it on a second write', () => {
    const dir = path.join(root, 'report')
    const first = [
      { name: 'summary.csv', contents: 'a,b\n1,2\n' },
      { name: 'figures/a.svg', contents: '<svg/>' },
      { name: 'stale.txt', contents: 'old' },
    ]
    expect(writeDirAtomic(dir, first)).toEqual(E.right(undefined))
    expect(snapshot(dir)).toEqual([
      ['figures/a.svg', '<svg/>'],
      ['stale.txt', 'old'],
      ['summary.csv', 'a,b\n1,2\n'],
    ])
    const second = [
      { name: 'summary.csv', contents: 'a,b\n3,4\n' },
      { name: 'figures/b.svg', contents: '<svg></svg>' },
    ]
    expect(writeDirAtomic(dir, second)).toEqual(E.right(undefined))
    expect(snapshot(dir)).toEqual([
      ['figures/b.svg', '<svg></svg>'],
      ['summary.csv', 'a,b\n3,4\n'],
    ])
    expect(fs.readdirSync(root)).toEqual(['report'])
  })

  it('a failure midway keeps the previous directory intact and leaves no temp dir', () => {
    const dir = path.join(root, 'report')
    expect(E.isRight(writeDirAtomic(dir, [{ name: 'keep.txt', contents: 'v1' }]))).toBe(true)
    const r = writeDirAtomic(dir, [
      { name: 'a.txt', contents: 'new' },
      { name: 'figures/b.svg', contents: '<svg/>' },
      { name: `figures/${tooLong}.svg`, contents: 'cannot be written' },
    ])
    expect(E.isLeft(r)).toBe(true)
    expect(snapshot(dir)).toEqual([['keep.txt', 'v1']])
    expect(fs.readdirSync(root)).toEqual(['report'])
  })

  it('a failed first write creates nothing', () => {
    const r = writeDirAtomic(path.join(root, 'report'), [
      { name: 'a.txt', contents: 'x' },
      { name: tooLong, contents: 'y' },
    ])
    expect(E.isLeft(r)).toBe(true)
    expect(fs.readdirSync(root)).toEqual([])
  })

  it('rejects unsafe or nested-too-deep names before writing anything', () => {
    for (const name of ['../escape.txt', '/abs.txt', 'a/b/c.txt', '', 'a//b', './x']) {
      expect(E.isLeft(writeDirAtomic(path.join(root, 'report'), [{ name, contents: '' }]))).toBe(true)
    }
    expect(
      E.isLeft(
        writeDirAtomic(path.join(root, 'report'), [
          { name: 'a', contents: '' },
          { name: 'a', contents: '' },
        ]),
      ),
    ).toBe(true)
    expect(fs.readdirSync(root)).toEqual([])
  })

  it('the directory always holds exactly the last successful write', () => {
    const nameArb = fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?\.txt$/)
    const entries = fc.uniqueArray(fc.record({ name: nameArb, contents: fc.string() }), {
      selector: (e) => e.name,
      maxLength: 5,
    })
    let run = 0
    fc.assert(
      fc.property(fc.array(fc.tuple(entries, fc.boolean()), { minLength: 1, maxLength: 4 }), (writes) => {
        const dir = path.join(root, `prop-${run++}`)
        let expected: [string, string][] | undefined
        for (const [files, fail] of writes) {
          // With `fail`, append a name that cannot be written (after the others were).
          const all = fail ? [...files, { name: tooLong, contents: '' }] : files
          const r = writeDirAtomic(dir, all)
          expect(E.isLeft(r)).toBe(fail)
          if (!fail) expected = files.map((f): [string, string] => [f.name, f.contents]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          if (expected === undefined) expect(fs.existsSync(dir)).toBe(false)
          else expect(snapshot(dir)).toEqual(expected)
          expect(fs.readdirSync(root).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([])
        }
      }),
      { numRuns: 40 },
    )
  })
})

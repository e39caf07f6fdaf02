import type * as fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { finalStatus, makeStdio } from '../../src/cli/stdio.ts'

const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated, write`), { code })

/** A `writeSync` stand-in: fd 1 and 2 collect bytes; `fail[fd]` lists errors to throw on the next writes. */
const fakeWrite = (fail: Record<number, (string | null)[]>) => {
  const written: Record<number, string> = { 1: '', 2: '' }
  const write = ((fd: number, buf: Uint8Array, off: number, len: number): number => {
    const next = fail[fd]?.shift()
    if (next !== undefined && next !== null) throw errno(next)
    const n = Math.min(len, 7) // short writes: the writer must loop
    written[fd] += Buffer.from(buf.subarray(off, off + n)).toString('utf8')
    return n
  }) as unknown as typeof fs.writeSync
  return { write, written }
}

describe('standard streams at the edge', () => {
  it('writes everything through short writes and EAGAIN', () => {
    const f = fakeWrite({ 1: [null, 'EAGAIN', null, 'EAGAIN'] })
    const io = makeStdio(undefined, f.write)
    io.stdout('hello, world: a longer line\n')
    io.stderr('note\n')
    expect(f.written).toEqual({ 1: 'hello, world: a longer line\n', 2: 'note\n' })
    expect(io.failure()).toBeUndefined()
    expect(finalStatus(0, io, io.stderr)).toBe(0)
  })

  it('EPIPE on standard output ends quietly with the command status', () => {
    const f = fakeWrite({ 1: ['EPIPE'] })
    const io = makeStdio(undefined, f.write)
    io.stdout('{"a": 1}\n')
    io.stdout('more\n')
    const lines: string[] = []
    expect(finalStatus(0, io, (l) => lines.push(l))).toBe(0)
    expect(lines).toEqual([])
  })

  for (const code of ['ENOSPC', 'EIO', 'EACCES', 'EROFS', 'EISDIR', 'EBADF'])
    it(`${code} on standard output is one line on stderr and status 1`, () => {
      const f = fakeWrite({ 1: [code] })
      const io = makeStdio(undefined, f.write)
      io.stdout('report\n')
      expect(finalStatus(0, io, io.stderr)).toBe(1)
      expect(f.written[2]).toBe(`sbd: cannot write standard output: ${code}: simulated, write\n`)
    })

  it('a failing standard error gives status 1 and nothing else', () => {
    const f = fakeWrite({ 2: ['ENOSPC'] })
    const io = makeStdio(undefined, f.write)
    io.stderr('error: --epsilon: …\n')
    expect(finalStatus(2, io, io.stderr)).toBe(1)
    expect(f.written).toEqual({ 1: '', 2: '' })
  })
})

/**
 * In a clone, `import … from 'second-best-delegation'` resolves to the sources (tsconfig.json's
 * `paths`, read by tsx): the README's library example runs exactly as written, with no build step.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fencesOf } from './fences.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const SCRATCH = join(ROOT, `.scratch-clone-${process.pid}`)
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }))

const runTsx = (file: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })

describe('the package name in a clone', () => {
  it('resolves to src/index.ts (not to dist/, which a clone does not have until npm run build)', () => {
    mkdirSync(SCRATCH, { recursive: true })
    writeFileSync(join(SCRATCH, 'resolve.ts'), "console.log(import.meta.resolve('second-best-delegation'))\n")
    expect(runTsx(join(SCRATCH, 'resolve.ts')).trim()).toBe(`file://${join(ROOT, 'src/index.ts')}`)
  })

  it("runs the README's library example as written (the import left as it is)", () => {
    const fences = fencesOf('README.md', readFileSync(join(ROOT, 'README.md'), 'utf8'))
    const k = fences.findIndex((f) => f.lang === 'ts' && f.body.includes(`from 'second-best-delegation'`))
    mkdirSync(SCRATCH, { recursive: true })
    writeFileSync(join(SCRATCH, 'readme.ts'), fences[k]!.body)
    expect(runTsx(join(SCRATCH, 'readme.ts'))).toBe(fences[k + 1]!.body)
  })
})

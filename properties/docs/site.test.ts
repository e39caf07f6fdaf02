/**
 * The API site (`npm run docs`): builds with no warning (typedoc.json treats warnings as errors),
 * holds the guides and the specification (proofs-notes/) as pages, every link of a note to a
 * numbered section of another lands on an anchor that page has (typedoc/notes-links.mjs), and every
 * exported function describes its parameters and its return value.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const out = mkdtempSync(join(tmpdir(), 'sbd-site-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('the API site', () => {
  it('builds without warnings, with the notes as pages whose cross-links resolve to anchors', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--out', out, '--json', join(out, 'api.json')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    })
    expect(r.status, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).not.toMatch(/warning/)
    const pages = readdirSync(join(out, 'documents'))
    for (const note of ['model', 'mechanism', 'incentive-compatibility', 'second-best', 'study'])
      expect(pages).toContain(`proofs-notes_${note}.html`)
    for (const guide of ['How_to_add_a_strategy', 'How_to_add_a_mechanism', 'How_to_read_the_outputs_in_Python'])
      expect(pages).toContain(`${guide}.html`)
    const ids = new Map(
      pages.map((p) => [p, new Set([...readFileSync(join(out, 'documents', p), 'utf8').matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!))]),
    )
    let checked = 0
    for (const page of pages.filter((p) => p.startsWith('proofs-notes_'))) {
      const html = readFileSync(join(out, 'documents', page), 'utf8')
      for (const [, target, anchor] of html.matchAll(/href="(proofs-notes_[^"#]+\.html)#([^"]+)"/g)) {
        expect(ids.get(target!)?.has(decodeURIComponent(anchor!)), `${page} → ${target}#${anchor}`).toBe(true)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(20)

    // Every exported function documents each parameter and its return value.
    type Node = { name: string; kind: number; children?: Node[]; signatures?: Sig[]; type?: { declaration?: { signatures?: Sig[] } } }
    type Sig = { parameters?: { name: string; comment?: { summary: { text: string }[] } }[]; comment?: { blockTags?: { tag: string }[] } }
    const api = JSON.parse(readFileSync(join(out, 'api.json'), 'utf8')) as Node
    const undocumented: string[] = []
    let functions = 0
    // The exported functions: top-level functions and function-valued constants (not interface members).
    const tops = (api.children ?? []).flatMap((c) => (c.kind === 2 ? (c.children ?? []) : [c]))
    for (const c of tops.filter((t) => t.kind === 64 || t.kind === 32))
      for (const sig of c.signatures ?? c.type?.declaration?.signatures ?? []) {
        functions++
        const bare = (sig.parameters ?? [])
          .filter(
            (p) =>
              (p.comment?.summary ?? [])
                .map((x) => x.text)
                .join('')
                .trim() === '',
          )
          .map((p) => p.name)
        const returns = (sig.comment?.blockTags ?? []).some((t) => t.tag === '@returns')
        if (bare.length > 0 || !returns)
          undocumented.push(`${c.name}${bare.length > 0 ? ` (${bare.join(', ')})` : ''}${returns ? '' : ' (@returns)'}`)
      }
    expect(functions).toBeGreaterThan(100)
    expect(undocumented).toEqual([])
  })
})

/**
 * The study's README on a user's scenario (`sbd experiment study`) describes that scenario, not
 * the shipped instances: its title, and every provider's manipulation range as a share of R.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { readmeText } from '../../src/experiments/readme.ts'
import { runStudy, scenarioStudy } from '../../src/experiments/run-all.ts'

describe('results/README.md of a study on a scenario file', () => {
  it('names the scenario and its own manipulation ranges, never the shipped instances', () => {
    const inst = parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8'))
    if (E.isLeft(inst)) throw new Error(inst.left.join('\n'))
    const result = runStudy(scenarioStudy({ seed: 3, instance: inst.right, horizons: [2000], epsilons: ['0.25'], seeds: 2 }), {
      workers: 0,
    })
    const text = readmeText(result, [], ['svg', 'png'])
    expect(text).toContain('### Scenario `two-provider-abstract`')
    expect(text).toContain('Manipulation ranges ū − μ^min here: Scenario `two-provider-abstract`: a 0.5R, b 0.4R.')
    expect(text).not.toMatch(/0\.7R|Abstract instance|Default LLM scenario/)
  })
})

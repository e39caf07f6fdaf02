import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { runPool } from '../../src/replication/runner.ts'
import type { RunSpec } from '../../src/replication/run.ts'
import { rightOrFail } from '../assertions.ts'
import { readFileSync } from 'node:fs'

const scenarios = { abstract: JSON.parse(readFileSync('examples/two-provider-abstract.json', 'utf8')) as unknown }
const spec = (T: number, seed: number, strategy: string): RunSpec => ({
  scenario: 'abstract',
  setting: { mechanism: 'sbd', epsilon: '0.3', rebate: 'on', theta: null, lambda: null },
  strategies: [strategy],
  T,
  seed,
})

describe('worker pool', () => {
  it('returns results in task order, equal to this thread, whatever the workers and the hand-out order', () => {
    // Mixed horizons, so that short runs overtake long ones on the workers.
    const tasks = Array.from({ length: 12 }, (_, k) =>
      spec([4000, 2000, 10_000][k % 3]!, 100 + k, k % 2 === 0 ? 'recommended' : 'full-cheat'),
    )
    const here = rightOrFail(rightOrFail(runPool(scenarios, 0)).run(tasks))
    for (const workers of [1, 3]) {
      const pool = rightOrFail(runPool(scenarios, workers))
      try {
        expect(pool.workers).toBe(workers)
        expect(rightOrFail(pool.run(tasks, { cost: (t) => t.T }))).toEqual(here)
        expect(rightOrFail(pool.run([...tasks].reverse()))).toEqual([...here].reverse())
      } finally {
        pool.close()
      }
    }
  })

  it('reports a failing task by its number, in a worker as in this thread', () => {
    const tasks = [spec(9000, 1, 'recommended'), { ...spec(9000, 2, 'recommended'), scenario: 'nope' }]
    for (const workers of [0, 2]) {
      const pool = rightOrFail(runPool(scenarios, workers))
      const r = pool.run(tasks)
      pool.close()
      expect(E.isLeft(r) ? r.left : '').toMatch(/^run 2 failed: unknown scenario "nope"/)
    }
  })
})

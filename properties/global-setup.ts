import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SEED, THOROUGH } from './settings.ts'

/** Where the obligations suite leaves its summary line for this run (its workers' parent is this process). */
const summaryFile = path.join(tmpdir(), `sbd-obligations-${process.pid}.txt`)

/**
 * Prints the seed once per `npm test`, so that any run can be replayed; at the end, prints the
 * proof obligations' summary line (proofs-notes §12.7) when the obligations suite ran.
 */
export default function setup(): () => void {
  process.stdout.write(
    `property suites: seed ${SEED} (replay with SEED=${SEED} npm test)${THOROUGH ? ', THOROUGH mode (10× cases)' : ''}\n`,
  )
  rmSync(summaryFile, { force: true })
  return () => {
    if (!existsSync(summaryFile)) return
    process.stdout.write(`${readFileSync(summaryFile, 'utf8')}\n`)
    rmSync(summaryFile, { force: true })
  }
}

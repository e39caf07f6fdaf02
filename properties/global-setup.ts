import { SEED, THOROUGH } from './settings.ts'

/** Prints the seed once per `npm test`, so that any run can be replayed. */
export default function setup(): void {
  process.stdout.write(
    `property suites: seed ${SEED} (replay with SEED=${SEED} npm test)${THOROUGH ? ', THOROUGH mode (10× cases)' : ''}\n`,
  )
}

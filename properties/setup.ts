import fc from 'fast-check'
import { SEED } from './settings.ts'

// Every fast-check property uses the printed seed; a failure report names the seed and path to replay.
fc.configureGlobal({ seed: SEED, verbose: 1 })

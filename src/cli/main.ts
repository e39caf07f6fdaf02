/**
 * The `sbd` executable: real IO around {@link runCli}. Failures of the environment end here as
 * one line on standard error and exit status 1, never a stack trace; a closed standard output
 * pipe ends the run quietly.
 *
 * @module
 */
import { nodeIo } from './node-io.ts'
import { runCli } from './program.ts'
import { finalStatus, makeStdio } from './stdio.ts'

const stdio = makeStdio()
const lastResort = (e: unknown): void => {
  stdio.stderr(`sbd: internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`)
  process.exit(1)
}
process.on('uncaughtException', lastResort)
process.on('unhandledRejection', lastResort)

const status = await runCli(process.argv.slice(2), nodeIo(stdio))
process.exitCode = finalStatus(status, stdio, stdio.stderr)

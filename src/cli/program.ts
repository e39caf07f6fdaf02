/**
 * The `sbd` command line: `simulate`, `analyze`, `validate`, `experiment NAME`, `sweep`, `merge` and `check`, built with commander.
 *
 * Every command that reads mechanism or strategy names takes `--plugin FILE` (repeatable): a module
 * whose default export registers named strategies and mechanisms (`src/plugin/`).
 *
 * `runCli` is a function of the arguments and an IO record and returns the exit status:
 * 0 on success, 2 on bad input (a message naming the option or field on stderr, nothing on
 * stdout, no files written), 1 on an internal failure.
 *
 * @module
 */
import { Command, CommanderError, Option } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { EXPERIMENT_NAMES, type RawExperimentOptions, runExperimentCommand } from './experiment.ts'
import { type CliIo, EXIT_BAD_INPUT, EXIT_FAILURE } from './io.ts'
import { integerOption } from './options.ts'
import { MAX_REPS } from '../replication/replicate.ts'
import { DEFAULT_EPSILON, DEFAULT_REBATE, MAX_WORKERS, type RawSimulateOptions, type SimulateOutput, runSimulate } from './simulate.ts'
import { runValidate } from './validate.ts'
import { packageVersion } from './version.ts'
import type { Registry } from '../plugin/registry.ts'
import { runMergeCommand, runSweepCommand } from './sweep.ts'
import { type RawAnalyzeOptions, runAnalyze } from './analyze.ts'

const EXAMPLES = `
Examples:
  $ sbd simulate --scenario examples/two-provider-abstract.json --mechanism sbd --epsilon 0.25 --horizon 100000 --seed 1
  $ sbd simulate --scenario examples/three-provider-llm.json --horizon 100000 --strategy full-cheat --format table
  $ sbd simulate --scenario examples/two-provider-abstract.json --mechanism pay-the-bill --strategy full-cheat
  $ sbd simulate --scenario examples/two-provider-abstract.json --horizon 20000 --seed 1 --reps 32 --format table
  $ sbd analyze --scenario examples/two-provider-abstract.json --horizon 3000 --epsilon 0.25 --rebate on
  $ sbd validate examples/three-provider-llm.json
  $ sbd simulate --plugin examples/plugins/lazy.ts --scenario examples/two-provider-abstract.json --strategy lazy --strategy recommended --reps 8
  $ sbd experiment all --seed 7 --out results
  $ sbd experiment study --scenario examples/two-provider-abstract.json --horizons 1000,10000 --epsilons 0.25 --seeds 16 --out my-study
  $ sbd check --thorough
`

const SWEEP_EXAMPLES = `
Examples:
  $ sbd sweep --grid examples/sweep-grid.json --shard 0/2 --out sweep/0
  $ sbd sweep --grid examples/sweep-grid.json --shard 1/2 --out sweep/1
  $ sbd merge sweep/0 sweep/1 --out sweep/merged
`

const collectRepeated = (value: string, previous: readonly string[]): readonly string[] => [...previous, value]

const PLUGIN_HELP = 'plug-in module registering strategies and mechanisms (repeatable; see guides/add-a-strategy.md)'

/** Builds the program; actions record their exit status in `status`. */
const buildProgram = (io: CliIo, status: { code: number; pending: Promise<number> | null }): Command => {
  const fail = (messages: readonly string[]): void => {
    io.stderr(`${messages.map((m) => `error: ${m}`).join('\n')}\n`)
    status.code = EXIT_BAD_INPUT
  }
  /** The exit status of a command that reports a summary line or a failure with its status: messages on stderr either way. */
  const settle = (r: E.Either<{ readonly status: number; readonly messages: readonly string[] }, string>): number => {
    if (E.isLeft(r)) {
      fail(r.left.messages)
      return r.left.status
    }
    io.stderr(r.right)
    return 0
  }
  /** Loads `--plugin` files, then runs `body` with the registry (bad plug-ins: exit 2 before anything runs). */
  const withPlugins = (paths: readonly string[] | undefined, body: (registry: Registry) => number | Promise<number>): void => {
    status.pending = io.loadPlugins(paths ?? []).then((registry) => {
      if (E.isLeft(registry)) {
        fail(registry.left)
        return EXIT_BAD_INPUT
      }
      return body(registry.right)
    })
  }
  /** Prints a report and its warnings, or the bad-input messages. */
  const report = (out: E.Either<readonly string[], SimulateOutput>): number => {
    if (E.isLeft(out)) {
      fail(out.left)
      return EXIT_BAD_INPUT
    }
    io.stderr(out.right.warnings)
    io.stdout(out.right.text)
    return 0
  }
  const program = new Command('sbd')
    .description('Second-best delegation (SBD) against dishonest LLM providers: simulations, experiments and property checks.')
    .version(packageVersion(), '--version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES)

  program
    .command('simulate')
    .description('Play one seeded run of a mechanism on a scenario file and print its report (--reps N: N seeds and their estimates).')
    .option('--scenario <file>', 'scenario JSON file (see examples/)')
    .option(
      '--mechanism <name>',
      "mechanism: sbd, pay-the-bill, reputation-ucb, posted-target, target-mix, first-best-oracle, or a plug-in's",
      'sbd',
    )
    .option('--epsilon <e>', `ε ∈ (0, 1/2) of SBD and TargetMix (default: ${DEFAULT_EPSILON}; refused for mechanisms that do not read it)`)
    .option('--horizon <T>', 'number of queries T', '100000')
    .option('--seed <s>', 'seed (an integer in [0, 2^31 − 1])', '1')
    .option(
      '--rebate <on|off>',
      `exploration rebate of SBD and TargetMix (default: ${DEFAULT_REBATE}; refused for mechanisms that do not read it)`,
    )
    .option(
      '--strategy <name>',
      'provider strategy: once for all, or once per provider (repeatable)',
      collectRepeated,
      [] as readonly string[],
    )
    .option('--theta <usd>', 'target of posted-target')
    .option('--lambda <l>', 'mixing weight of target-mix')
    .option('--bonus <δ>', 'rebate bonus δ ≥ 0 of SBD and TargetMix: exploration pays (1 + δ)·(X − x_lo) (needs --rebate on; default 0)')
    .addOption(new Option('--format <f>', 'output format').choices(['json', 'table']).default('json'))
    .option('--reps <N>', `replications on seeds s, …, s+N−1 (an integer in [1, ${MAX_REPS}]): mean, SE and 95% CI`)
    .option('--workers <w>', `worker threads for --reps (an integer in [0, ${MAX_WORKERS}], 0: this thread; default: one per core)`)
    .option(
      '--engine <e>',
      'rounds or leap (blocks in which nothing can be decided; default: rounds for one run, leap for --reps where it applies)',
    )
    .option('--plugin <file>', PLUGIN_HELP, collectRepeated, [] as readonly string[])
    .addHelpText('after', EXAMPLES)
    .action((opts: RawSimulateOptions & { plugin: readonly string[] }) => {
      withPlugins(opts.plugin, (registry) => report(runSimulate(opts, io.readText, registry)))
    })

  program
    .command('analyze')
    .description(
      'Exact analysis (no sampling) of SBD on an abstract scenario with 2 or 3 providers (Bernoulli noise, or noise-free with linear frontiers): E[U], E[Π_i] under τ*, each optimal deviation and its gain.',
    )
    .option('--scenario <file>', 'scenario JSON file (abstract, n ≤ 3; Bernoulli noise, or noise-free with linear frontiers)')
    .option('--horizon <T>', 'number of queries T', '3000')
    .option('--epsilon <e>', 'ε ∈ (0, 1/2) of SBD', DEFAULT_EPSILON)
    .addOption(new Option('--rebate <on|off>', 'exploration rebate of SBD').choices(['on', 'off']).default(DEFAULT_REBATE))
    .option('--bonus <δ>', 'rebate bonus δ ≥ 0 of SBD (needs --rebate on; default 0)')
    .option('--tolerance <ζ>', 'tolerance ζ ≥ 0 (USD): add each provider’s harm H_i(ζ), bracketed (n = 2, Bernoulli)')
    .addOption(new Option('--format <f>', 'output format').choices(['json', 'table']).default('json'))
    .option(
      '--plugin <file>',
      `${PLUGIN_HELP}; each strategy's gain is estimated beside the exact optimum`,
      collectRepeated,
      [] as readonly string[],
    )
    .addHelpText('after', EXAMPLES)
    .action((opts: RawAnalyzeOptions & { plugin: readonly string[] }) => {
      withPlugins(opts.plugin, (registry) => report(runAnalyze(opts, io.readText, registry)))
    })

  program
    .command('validate')
    .description(
      'Decode a scenario file or a sweep grid and print the verdict on every assumption of proofs-notes §1.3 (IR, A, D, P, U), with the theorem each one serves.',
    )
    .argument('<file>', 'a scenario JSON file or a grid JSON file')
    .option('--plugin <file>', PLUGIN_HELP, collectRepeated, [] as readonly string[])
    .action((file: string, opts: { plugin: readonly string[] }) => {
      withPlugins(opts.plugin, (registry) => {
        const out = runValidate(file, io.readText, registry)
        if (E.isLeft(out)) {
          fail(out.left)
          return EXIT_BAD_INPUT
        }
        io.stdout(out.right)
        return 0
      })
    })

  program
    .command('experiment')
    .description(
      'Run the best-response study and write its report to --out: "all" is the default study (npm start), "study" the same study on any --scenario file.',
    )
    .argument('<name>', `experiment: ${EXPERIMENT_NAMES.join(', ')}`)
    .option('--scenario <file>', 'study: the scenario JSON file (see examples/)')
    .option('--horizons <list>', 'study: comma-separated horizons T (default 10000,100000; quick 1000,2000)')
    .option(
      '--epsilons <list>',
      'study: comma-separated ε of SBD(ε) in (0, 0.5) (default: those of 0.1,0.25,0.4 SBD can run at the smallest horizon)',
    )
    .option('--seeds <n>', 'seeds per cell for each use: search, filter, re-measure (default 16; quick 2)')
    .option('--seed <s>', 'master seed (an integer in [0, 2^31 − 1])', '20251102')
    .option('--out <dir>', 'output directory: a new path or one sbd wrote before (replaced atomically)', 'results')
    .option('--quick', 'small horizons and 2 seeds (a smoke run)', false)
    .option('--proofs-notes', `all: also copy figure (b) on the abstract instance to proofs-notes/figures/`, false)
    .option('--formats <list>', 'figure formats, comma-separated: svg, png (PNG at 2×)', 'svg,png')
    .option('--engine <e>', 'leap (default: blocks in which nothing can be decided, proofs-notes §13) or rounds (the per-round engine)')
    .option(
      '--plugin <file>',
      `study: ${PLUGIN_HELP}; its strategies join every provider's family`,
      collectRepeated,
      [] as readonly string[],
    )
    .addHelpText('after', EXAMPLES)
    .action((name: string, opts: RawExperimentOptions & { plugin: readonly string[] }) => {
      withPlugins(opts.plugin, (registry) => runExperimentCommand(name, opts, io, registry).then(settle))
    })

  program
    .command('sweep')
    .description('Run shard k/N (0-based) of a grid of runs and write it as JSON Lines to --out.')
    .option('--grid <file>', 'grid JSON file (see examples/sweep-grid.json)')
    .option('--shard <k/N>', 'the share of this process: runs i with i mod N = k, 0 ≤ k < N', '0/1')
    .option('--out <dir>', 'output folder of this shard: a new path or one sbd wrote before (replaced atomically)')
    .option('--workers <w>', `worker threads (an integer in [0, ${MAX_WORKERS}], 0: this thread; default: one per core)`)
    .option('--engine <e>', 'rounds or leap (default: leap where the mechanism declares safe rounds)')
    .option('--plugin <file>', `${PLUGIN_HELP}; the grid may name them`, collectRepeated, [] as readonly string[])
    .addHelpText('after', SWEEP_EXAMPLES)
    .action((opts: { grid?: string; shard: string; out?: string; workers?: string; engine?: string; plugin: readonly string[] }) => {
      withPlugins(opts.plugin, (registry) => settle(runSweepCommand(opts, io, registry)))
    })

  program
    .command('merge')
    .description('Merge the shard folders of a sweep into CSVs (one row per run, per-cell mean/SE/95% CI) and figures.')
    .argument('<dirs...>', 'shard folders written by sbd sweep (all N shards of one grid)')
    .option('--out <dir>', 'output folder: a new path or one sbd wrote before (replaced atomically)')
    .option('--formats <list>', 'figure formats, comma-separated: svg, png (PNG at 2×)', 'svg,png')
    .addHelpText('after', SWEEP_EXAMPLES)
    .action((dirs: string[], opts: { out?: string; formats?: string }) => {
      status.pending = runMergeCommand(dirs, opts, io).then(settle)
    })

  program
    .command('check')
    .description('Run the property suites (npm test); the seed is printed and can be replayed.')
    .option('--seed <s>', 'seed of the property suites')
    .option('--thorough', '10× more cases', false)
    .action((opts: { seed?: string; thorough: boolean }) => {
      const seed = opts.seed === undefined ? E.right(undefined) : integerOption('seed', opts.seed, 0, 2 ** 31 - 1)
      if (E.isLeft(seed)) return fail(seed.left)
      status.code = io.runChecks(seed.right, opts.thorough)
    })
  return program
}

/** Runs the CLI on `argv` (without the node and script paths) and returns the exit status. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const status: { code: number; pending: Promise<number> | null } = { code: EXIT_FAILURE, pending: null }
  try {
    buildProgram(io, status).parse([...argv], { from: 'user' })
    return status.pending === null ? status.code : await status.pending
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every parse error is bad input.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0
      return EXIT_BAD_INPUT
    }
    io.stderr(`internal error: ${(e as Error).message}\n`)
    return EXIT_FAILURE
  }
}

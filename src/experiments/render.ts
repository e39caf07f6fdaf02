/**
 * The files of a study's report directory from its result: `report.json`, the tidy CSVs (headers
 * from the column declarations of `columns.ts`), `COLUMNS.md` (the column dictionary, generated
 * from the same declarations), the figures rendered headlessly (SVG and PNG, §11.4), and
 * `README.md` (the findings and a gallery of the figures with their captions).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type CsvRow, toCsv } from '../report/csv.ts'
import { markdownTable } from '../report/markdown.ts'
import { type Figure, type FigureFormat, FIGURE_FORMATS, renderFigures } from '../report/figure.ts'
import {
  type ColumnDoc,
  type Columns,
  type CsvSpec,
  COLUMNS_FILE,
  CSV_FILES,
  HARM_CSV,
  META_FIELDS,
  REPORT_FIELDS,
  SCENARIO_FIELDS,
  columnNames,
} from './columns.ts'
import { gainFigure, manipulationFigure, shortfallFigure, utilityFigure } from './figures.ts'
import { harmStudyFigures } from './harm-study.ts'
import { readmeText } from './readme.ts'
import type { ExperimentsResult } from './run-all.ts'

/** One output file: a path relative to the report directory and its text (or PNG bytes). */
export interface OutputFile {
  readonly name: string
  readonly contents: string | Uint8Array
}

/** Name (without extension) of figure (b) on the abstract instance inside `results/` (also copied to proofs-notes). */
export const ABSTRACT_GAIN_FIGURE_BASE = 'figures/b-deviation-gain-abstract'
/** The SVG of {@link ABSTRACT_GAIN_FIGURE_BASE}. */
export const ABSTRACT_GAIN_FIGURE = `${ABSTRACT_GAIN_FIGURE_BASE}.svg`

/** The rows of each CSV of `r`, in the order of {@link CSV_FILES}. */
const csvRows = (r: ExperimentsResult): readonly (readonly object[])[] => [
  r.utility,
  r.providers,
  r.steps,
  r.candidates,
  r.gains,
  r.shortfall,
  r.manipulation,
  r.infeasible,
  r.scenarios.flatMap((s) => s.providers.map((p) => ({ scenario: s.id, ...p }))),
  r.rates,
  r.harm ?? [],
]

const csvFile = (spec: CsvSpec<unknown>, rows: readonly object[]): E.Either<Error, OutputFile> =>
  E.map((contents: string) => ({ name: spec.file, contents }))(toCsv(columnNames(spec.columns), rows as readonly CsvRow[]))

const dictionaryTable = (columns: Columns<unknown>): string =>
  markdownTable(
    ['column', 'unit', 'meaning'],
    (Object.entries(columns) as [string, ColumnDoc][]).map(([name, doc]) => [`\`${name}\``, doc.unit, doc.meaning]),
  )

/** `COLUMNS.md`: every CSV's columns and every report.json field, with unit and meaning. */
export const columnsText = (): string =>
  `${[
    '# Column dictionary',
    '',
    'Generated from the column declarations the CSV writer uses (`src/experiments/columns.ts`), so it lists exactly the columns of the files. Money is an exact decimal string in USD; an empty cell means "not applicable". Means, standard errors and 95% confidence intervals are over independent seeds (proofs-notes §11.3).',
    '',
    ...CSV_FILES.flatMap((spec) => [
      `## \`${spec.file}\``,
      '',
      `One row: ${spec.row}.`,
      '',
      dictionaryTable(spec.columns as Columns<unknown>),
      '',
    ]),
    '## `report.json`',
    '',
    'Top level:',
    '',
    dictionaryTable(REPORT_FIELDS as Columns<unknown>),
    '',
    '`meta`:',
    '',
    dictionaryTable(META_FIELDS as Columns<unknown>),
    '',
    'Each element of `scenarios`:',
    '',
    dictionaryTable(SCENARIO_FIELDS as Columns<unknown>),
  ].join('\n')}\n`

/** The figures of the study, per scenario, then the harm figure if any: file name (without extension), spec and caption. */
export const figureSpecs = (r: ExperimentsResult): readonly Figure[] => [
  ...r.scenarios.flatMap((s) => {
    const what = s.id === 'llm' ? 'default LLM scenario' : s.id === 'abstract' ? 'abstract instance' : `scenario ${s.name}`
    const largest = Math.max(0, ...r.utility.filter((u) => u.scenario === s.id).map((u) => u.T))
    const p = s.providers[0]
    const floor = p === undefined ? undefined : { label: `PayTheBill's provider, full cheat`, value: p.cheatMean }
    const manipulation = r.manipulation.filter((m) => m.scenario === s.id)
    return [
      { name: `figures/a-utility-${s.id}`, ...utilityFigure(r.utility, s.id, `(a) User utility per query — ${what}`, floor) },
      { name: `figures/b-deviation-gain-${s.id}`, ...gainFigure(r.gains, s.id, `(b) Largest deviation gain against SBD(ε) — ${what}`) },
      {
        name: `figures/c-shortfall-${s.id}`,
        ...shortfallFigure(r.shortfall, r.utility, s.id, `(c) Shortfall from the second-best — ${what}`),
      },
      ...(manipulation.length === 0
        ? []
        : [
            {
              name: `figures/d-manipulation-${s.id}`,
              ...manipulationFigure(manipulation, largest, `(d) Manipulation per provider and phase — ${what}`),
            },
          ]),
    ]
  }),
  ...harmStudyFigures(r.harm, r.meta.quick),
]

/**
 * The files of the report directory: `report.json` (the whole result), tidy CSVs, `COLUMNS.md`,
 * the figures in each of `formats` (default SVG and PNG) and `README.md` (findings computed from
 * the result, figures embedded with their captions). `Left` if a CSV cell is not finite or a
 * figure fails to render.
 */
export const renderResults = async (
  result: ExperimentsResult,
  formats: readonly FigureFormat[] = FIGURE_FORMATS,
): Promise<E.Either<Error, readonly OutputFile[]>> => {
  const files: OutputFile[] = [{ name: 'report.json', contents: `${JSON.stringify(result, null, 2)}\n` }]
  const rows = csvRows(result)
  for (const [k, spec] of CSV_FILES.entries()) {
    // harm.csv only where the study computed the harm (the default study).
    if (spec === HARM_CSV && result.harm === undefined) continue
    const c = csvFile(spec as CsvSpec<unknown>, rows[k]!)
    if (E.isLeft(c)) return c
    files.push(c.right)
  }
  files.push({ name: COLUMNS_FILE, contents: columnsText() })
  const figures = figureSpecs(result)
  const rendered = await renderFigures(figures, formats)
  if (E.isLeft(rendered)) return rendered
  files.push(...rendered.right)
  files.push({ name: 'README.md', contents: readmeText(result, figures, formats) })
  return E.right(files)
}

/**
 * PNG export of the SVG figures (§11.4), with `@resvg/resvg-js`: maintained, ships prebuilt
 * native binaries inside the npm package (no compiler, no system libraries), and needs no
 * browser (unlike Puppeteer or Playwright) nor Cairo (unlike `canvas`/`sharp`'s librsvg).
 *
 * resvg draws text only with the fonts it is given. For identical bytes on every machine it is
 * given one font file — DejaVu Sans, present on Debian wherever fontconfig is installed
 * (`fonts-dejavu-core`) — and no system fonts; the SVGs name it first in their font family
 * (`theme.ts`). Without that file the PNG export fails with a message saying so (text-less
 * images are never written); `SBD_FONT_FILE` points to another TrueType file.
 *
 * @module
 */
import * as fs from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'

/** Where the default font is looked for, in order (Debian/Ubuntu, Fedora, Arch, Alpine, macOS Homebrew). */
export const FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/opt/homebrew/share/fonts/DejaVuSans.ttf',
]

/** Scale of the PNG relative to the SVG's own size (2×: print resolution at column width). */
export const PNG_SCALE = 2

/** The font file PNGs are drawn with: `SBD_FONT_FILE` if set, else the first of {@link FONT_CANDIDATES} found. */
export const fontFile = (env: NodeJS.ProcessEnv = process.env): E.Either<Error, string> => {
  const given = env.SBD_FONT_FILE
  if (given !== undefined && given !== '')
    return fs.existsSync(given) ? E.right(given) : E.left(new Error(`SBD_FONT_FILE=${JSON.stringify(given)}: no such file`))
  const found = FONT_CANDIDATES.find((p) => fs.existsSync(p))
  return found === undefined
    ? E.left(
        new Error(
          `PNG export needs the DejaVu Sans font (Debian: apt-get install fonts-dejavu-core), or SBD_FONT_FILE naming a .ttf file; or write SVG only (--formats svg)`,
        ),
      )
    : E.right(found)
}

/**
 * Renders an SVG string to PNG bytes at `scale`× its size on a white background, with the one
 * font of {@link fontFile}. Deterministic for identical input and font file. Never rejects.
 */
export const svgToPng = async (svg: string, scale: number = PNG_SCALE): Promise<E.Either<Error, Uint8Array>> => {
  const font = fontFile()
  if (E.isLeft(font)) return font
  let Resvg: typeof import('@resvg/resvg-js').Resvg
  try {
    // Loaded on use: only PNG export needs the native module.
    Resvg = (await import('@resvg/resvg-js')).Resvg
  } catch (e) {
    return E.left(
      new Error(
        `PNG export needs the package @resvg/resvg-js (${e instanceof Error ? e.message : String(e)}); or write SVG only (--formats svg)`,
      ),
    )
  }
  try {
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
      font: { loadSystemFonts: false, fontFiles: [font.right], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
      logLevel: 'off',
    })
    return E.right(new Uint8Array(resvg.render().asPng()))
  } catch (e) {
    return E.left(e instanceof Error ? e : new Error(String(e)))
  }
}

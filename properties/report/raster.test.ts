/**
 * PNG export (§11.4): 2× the SVG's size, byte-identical across renders, text actually drawn
 * (the font is loaded), and a missing font reported as `Left`, never an image without text.
 */
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import { fontFile, PNG_SCALE, svgToPng } from '../../src/report/raster.ts'
import { pngSize } from './figure-legibility.ts'

const svg = (text: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="white"/><text x="10" y="35" font-family="DejaVu Sans, sans-serif" font-size="14px">${text}</text></svg>`

const png = async (s: string): Promise<Uint8Array> => {
  const r = await svgToPng(s)
  if (E.isLeft(r)) throw r.left
  return r.right
}

describe('svgToPng', () => {
  const saved = process.env.SBD_FONT_FILE
  afterEach(() => {
    if (saved === undefined) delete process.env.SBD_FONT_FILE
    else process.env.SBD_FONT_FILE = saved
  })

  it('draws at 2×, the same bytes every time, with the text drawn', async () => {
    const a = await png(svg('horizon T (queries)'))
    expect(pngSize(a)).toStrictEqual({ width: 200 * PNG_SCALE, height: 60 * PNG_SCALE })
    expect(Buffer.from(await png(svg('horizon T (queries)'))).equals(Buffer.from(a))).toBe(true)
    // Without a font resvg would draw nothing for the text: both images would be the same.
    expect(Buffer.from(await png(svg(''))).equals(Buffer.from(a))).toBe(false)
    expect(Buffer.from(await png(svg('horizon T (queries), lo'))).equals(Buffer.from(a))).toBe(false)
  })

  it('reports a missing font as Left', async () => {
    process.env.SBD_FONT_FILE = '/nonexistent/font.ttf'
    expect(E.isLeft(fontFile())).toBe(true)
    const r = await svgToPng(svg('x'))
    expect(E.isLeft(r) && r.left.message).toMatch(/SBD_FONT_FILE/)
  })
})

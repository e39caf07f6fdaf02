/**
 * The provider list shared by both instance kinds: 2 to 100 providers with unique ids.
 *
 * @module
 */
import fc from 'fast-check'
import { type Issue, type Schema, array, check } from './schema.ts'

/** Most providers a scenario may list. */
export const MAX_PROVIDERS = 100

/** One issue per provider whose id an earlier provider already uses. */
export const duplicateIds = (providers: readonly { readonly id: string }[]): readonly Issue[] => {
  const first = new Map<string, number>()
  return providers.flatMap((p, i) => {
    const j = first.get(p.id)
    if (j === undefined) {
      first.set(p.id, i)
      return []
    }
    return [{ path: [i, 'id'], message: `duplicate provider id ${JSON.stringify(p.id)}, already used by providers[${j}]` }]
  })
}

/** A list of `provider` with 2 to {@link MAX_PROVIDERS} entries and unique ids (the arbitrary makes 2 to 5). */
export const providerList = <A extends { readonly id: string }, O>(provider: Schema<A, O>): Schema<readonly A[], readonly O[]> =>
  check(
    array(provider, { minLength: 2, maxLength: MAX_PROVIDERS, name: `a list of 2 to ${MAX_PROVIDERS} providers` }),
    duplicateIds,
    fc.uniqueArray(provider.arbitrary, { minLength: 2, maxLength: 5, selector: (p) => p.id }),
  )

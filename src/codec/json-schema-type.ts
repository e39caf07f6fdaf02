/**
 * The JSON Schema (draft 2020-12) vocabulary the schema layer emits: the keywords that state the
 * shape of an encoded value, and nothing the codecs could not guarantee.
 *
 * @module
 */

/** A JSON Schema object restricted to the keywords the schema layer writes. */
export interface JsonSchema {
  /** The dialect (only on the root document). */
  readonly $schema?: string
  /** The document's identifier (only on the root document). */
  readonly $id?: string
  /** A short title (only on the root document). */
  readonly title?: string
  /** What the value is, in the words the codec's error messages use. */
  readonly description?: string
  /** The JSON type. */
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer'
  /** The one allowed value. */
  readonly const?: string
  /** The allowed values. */
  readonly enum?: readonly string[]
  /** A regular expression every string matches. */
  readonly pattern?: string
  /** Fewest characters of a string. */
  readonly minLength?: number
  /** Most characters of a string. */
  readonly maxLength?: number
  /** Smallest number (inclusive). */
  readonly minimum?: number
  /** Largest number (inclusive). */
  readonly maximum?: number
  /** Schemas of an object's fields. */
  readonly properties?: Readonly<Record<string, JsonSchema>>
  /** Fields an object must have. */
  readonly required?: readonly string[]
  /** `false`: no field beyond `properties`. */
  readonly additionalProperties?: false
  /** The schema of every entry of an array. */
  readonly items?: JsonSchema
  /** Fewest entries of an array. */
  readonly minItems?: number
  /** Most entries of an array. */
  readonly maxItems?: number
  /** Exactly one of these schemas holds. */
  readonly oneOf?: readonly JsonSchema[]
}

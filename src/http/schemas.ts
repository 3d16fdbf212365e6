/** Zod schemas shared by routes; they validate requests and become the OpenAPI document. */
import { z } from 'zod';

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/;

export const MultilingualTextSchema = z
  .record(z.string().regex(LANGUAGE_TAG, 'is not a language tag such as en or zh-Hans'), z.string().max(100_000))
  .meta({ description: 'One version per language, e.g. {"en": "…", "zh-Hans": "…"}; a missing translation is absent.' });

export const IdParams = z.strictObject({ dialogue: z.string().min(1).max(200) });
export const ItemParams = z.strictObject({ dialogue: z.string().min(1).max(200), id: z.string().min(1).max(200) });

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(200).optional(),
});

export const ProblemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), code: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
}).meta({ description: 'RFC 9457 problem document' });

export const problemResponses = {
  400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema,
} as const;

export const AggregateSchema = z.object({
  id: z.string(), kind: z.string(), status: z.string(), parent: z.string().nullable(), party: z.string().nullable(),
  date: z.string().nullable(), version: z.number().int(), state: z.unknown(),
});

export const StoredEventSchema = z.object({
  index: z.number().int(), id: z.string(), event: z.record(z.string(), z.unknown()),
});

/** Zod schemas shared by routes; they validate requests and become the OpenAPI document. */
import { z } from 'zod';
import { utcInstant } from '../domain/index.js';

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

/** A list's date bound: an RFC 3339 date-time with its offset, or a bare date (read as UTC with utcInstant). */
export const DateBound = z.union([z.iso.datetime({ offset: true }), z.iso.date()])
  .refine((value) => utcInstant(value) !== undefined, 'is not a day of the calendar');

export const ProblemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), code: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
}).meta({ description: 'RFC 9457 problem document' });

export const problemResponses = {
  400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema,
} as const;

export const LocalTimesSchema = z.record(z.string(), z.record(z.string(), z.string()))
  .meta({ description: "Named UTC times of the item in each party's own time zone (RFC 3339 with offset), e.g. {\"placedAt\": {\"aurelia\": \"…-04:00\", \"boreas\": \"…+08:00\"}}" });

export const AggregateSchema = z.object({
  id: z.string(), kind: z.string(), status: z.string(), parent: z.string().nullable(), party: z.string().nullable(),
  date: z.string().nullable(), version: z.number().int(), state: z.unknown(),
  localTimes: LocalTimesSchema.optional(),
});

export const StoredEventSchema = z.object({
  index: z.number().int(), id: z.string(), event: z.record(z.string(), z.unknown()),
});

export const InstantSchema = z.string().max(40).meta({ description: 'RFC 3339 date-time in UTC, e.g. 2026-06-30T09:00:00Z' });
export const ReasonSchema = z.string().max(10_000);

/** Integers in units of 1e-7 degree (signed content is integer-only); ranges are checked by the domain. */
export const PositionSchema = z.strictObject({
  lat: z.number().int().meta({ description: 'latitude × 1e7, −900000000 … 900000000' }),
  lon: z.number().int().meta({ description: 'longitude × 1e7, −1800000000 … 1800000000' }),
});

export const AreaSchema = z.discriminatedUnion('shape', [
  z.strictObject({ shape: z.literal('polygon'), points: z.array(PositionSchema).min(3).max(100) }),
  z.strictObject({ shape: z.literal('circle'), centre: PositionSchema, radius: z.number().int().meta({ description: 'metres' }) }),
]).meta({ description: 'a polygon of 3–100 points, or a circle: centre and radius in metres' });

/**
 * Positions and areas in signed content. Signed JSON is integer-only (ADR 0001), so a
 * latitude or longitude is an integer in units of 1e-7 degree (about 1 cm): 51.5007° N is
 * `515007000`. Radii are whole metres.
 */
import { invalid } from './errors.js';

/** Units per degree of the scaled integers. */
export const DEGREE = 10_000_000;
export const MAX_POLYGON_POINTS = 100;
/** A circle wider than a hemisphere describes no particular area. */
export const MAX_RADIUS_METRES = 10_000_000;

export type Position = { lat: number; lon: number };
export type Area =
  | { shape: 'polygon'; points: Position[] }
  | { shape: 'circle'; centre: Position; radius: number };

function scaled(value: unknown, field: string, limit: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > limit * DEGREE) {
    throw invalid('position_invalid', field, `must be an integer in units of 1e-7 degree, from ${-limit * DEGREE} to ${limit * DEGREE}`);
  }
  return value;
}

/** `{ lat, lon }` in 1e-7 degree: lat within ±90°, lon within ±180°. */
export function checkPosition(value: unknown, field: string): Position {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('position_invalid', field, 'must be { "lat": …, "lon": … } in units of 1e-7 degree');
  }
  const p = value as { lat?: unknown; lon?: unknown };
  return { lat: scaled(p.lat, `${field}.lat`, 90), lon: scaled(p.lon, `${field}.lon`, 180) };
}

/** A polygon of 3–100 distinct corners, or a circle: centre and radius in metres. */
export function checkArea(value: unknown, field: string): Area {
  const a = (value ?? {}) as { shape?: unknown; points?: unknown; centre?: unknown; radius?: unknown };
  if (a.shape === 'polygon') {
    if (!Array.isArray(a.points) || a.points.length < 3 || a.points.length > MAX_POLYGON_POINTS) {
      throw invalid('polygon_invalid', `${field}.points`, `a polygon needs 3 to ${MAX_POLYGON_POINTS} points`);
    }
    const points = a.points.map((p, i) => checkPosition(p, `${field}.points[${i}]`));
    if (new Set(points.map((p) => `${p.lat},${p.lon}`)).size < 3) {
      throw invalid('polygon_invalid', `${field}.points`, 'a polygon needs at least 3 distinct points');
    }
    return { shape: 'polygon', points };
  }
  if (a.shape === 'circle') {
    const centre = checkPosition(a.centre, `${field}.centre`);
    if (typeof a.radius !== 'number' || !Number.isSafeInteger(a.radius) || a.radius < 1 || a.radius > MAX_RADIUS_METRES) {
      throw invalid('radius_invalid', `${field}.radius`, `must be whole metres from 1 to ${MAX_RADIUS_METRES}`);
    }
    return { shape: 'circle', centre, radius: a.radius };
  }
  throw invalid('area_invalid', `${field}.shape`, 'an area is { "shape": "polygon", "points": […] } or { "shape": "circle", "centre": …, "radius": metres }');
}

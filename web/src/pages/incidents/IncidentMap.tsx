/**
 * The incident map, drawn offline: the world's countries from world-atlas (Natural Earth
 * 1:110m, bundled in this lazily loaded chunk, so no tile server is ever asked) projected by
 * d3-geo, and each party's account of each incident as a marker in that party's colour, the
 * accounts of one incident joined by a line. Markers are buttons: choosing one goes to the
 * incident's accounts side by side.
 */
import { geoEqualEarth, geoGraticule10, geoPath } from 'd3-geo';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, MultiPoint } from 'geojson';
import countries110m from 'world-atlas/countries-110m.json';
import type { Aggregate } from '../../api.js';
import { position as positionText } from '../../crisis/format.js';
import { positionsOf, type Incident } from '../../crisis/incidents.js';
import { degrees } from '../../crisis/notices.js';

const WIDTH = 960;
const HEIGHT = 480;
/** Degrees of margin around the incidents when the map is zoomed to them. */
const MARGIN = 12;

const topology = countries110m as unknown as Topology<{ countries: GeometryCollection }>;
const COUNTRIES = feature(topology, topology.objects.countries) as FeatureCollection<Geometry>;

export interface IncidentMapProps {
  readonly incidents: readonly Aggregate<Incident>[];
  readonly colourOf: (party: string) => string;
  readonly partyName: (party: string) => string;
  readonly selected: string | null;
  onSelect(incident: string): void;
}

export default function IncidentMap({ incidents, colourOf, partyName, selected, onSelect }: IncidentMapProps) {
  const { t } = useTranslation();
  const [zoom, setZoom] = useState<'incidents' | 'world'>('incidents');
  const points = useMemo(() => incidents.map((i) => ({ id: i.id, accounts: positionsOf(i.state) })), [incidents]);
  const lonLats = points.flatMap((p) => p.accounts.map((a) => [degrees(a.position.lon), degrees(a.position.lat)] as [number, number]));
  const key = `${zoom}:${JSON.stringify(lonLats)}`;
  const { land, graticule, project } = useMemo(() => {
    const projection = geoEqualEarth();
    if (zoom === 'incidents' && lonLats.length > 0) {
      // The bounding box of the accounts, with a margin, as corner points (a polygon's winding would matter on the sphere).
      const lons = lonLats.map((p) => p[0]);
      const lats = lonLats.map((p) => p[1]);
      const [west, east] = [Math.max(-180, Math.min(...lons) - MARGIN), Math.min(180, Math.max(...lons) + MARGIN)];
      const [south, north] = [Math.max(-85, Math.min(...lats) - MARGIN), Math.min(85, Math.max(...lats) + MARGIN)];
      const box: Feature<MultiPoint> = { type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[west, south], [east, north], [west, north], [east, south]] } };
      projection.fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], box);
    } else {
      projection.fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: 'Sphere' });
    }
    const path = geoPath(projection);
    return {
      land: COUNTRIES.features.map((f, i) => ({ id: String(f.id ?? i), d: path(f) ?? '' })),
      graticule: path(geoGraticule10()) ?? '',
      project: (lon: number, lat: number) => projection([lon, lat]) ?? [0, 0],
    };
    // `key` stands for the zoom and the positions.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const label = t('inc.mapLabel', {
    count: incidents.length,
    list: points.map((p) => p.accounts.map((a) => t('inc.mapItem', { party: partyName(a.party), position: positionText(a.position) })).join(', ')).join('; ') || t('inc.mapNone'),
  });
  const choose = (id: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };
  return (
    <figure className="incident-map" data-testid="incident-map" data-zoom={zoom}>
      <div className="map-controls" role="radiogroup" aria-label={t('inc.zoom.label')}>
        <span>{t('inc.zoom.label')}:</span>
        {(['incidents', 'world'] as const).map((z) => (
          <label key={z} className="check"><input type="radio" name="map-zoom" checked={zoom === z} onChange={() => setZoom(z)} /><span>{t(`inc.zoom.${z}`)}</span></label>
        ))}
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={label} className="map-canvas">
        <rect width={WIDTH} height={HEIGHT} className="sea" aria-hidden="true" />
        <path d={graticule} className="graticule" aria-hidden="true" />
        <g aria-hidden="true">{land.map((c) => <path key={c.id} d={c.d} className="country" />)}</g>
        {points.map((p) => {
          const xy = p.accounts.map((a) => ({ party: a.party, at: project(degrees(a.position.lon), degrees(a.position.lat)), position: a.position }));
          const isSelected = p.id === selected;
          return (
            <g key={p.id} className={`incident-marker${isSelected ? ' selected' : ''}`} data-testid="map-incident" data-incident={p.id}>
              {xy.length > 1 && <polyline points={xy.map((m) => m.at.join(',')).join(' ')} className="join" aria-hidden="true" />}
              {xy.map((m) => (
                <circle key={m.party} cx={m.at[0]} cy={m.at[1]} r={isSelected ? 9 : 7} fill={colourOf(m.party)} role="button" tabIndex={0}
                  aria-label={t('inc.mapItem', { party: partyName(m.party), position: positionText(m.position) })} aria-pressed={isSelected}
                  data-testid="map-marker" data-party={m.party}
                  onClick={() => onSelect(p.id)} onKeyDown={choose(p.id)} />
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <p className="meta">{t('inc.mapHint')}</p>
        <ul className="legend" aria-label={t('inc.legend')}>
          {[...new Set(points.flatMap((p) => p.accounts.map((a) => a.party)))].map((party) => (
            <li key={party}><span className="swatch" style={{ background: colourOf(party) }} aria-hidden="true" />{partyName(party)}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

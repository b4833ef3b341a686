// Fractional-octave bands on base-2 centres around 1 kHz (1000 x 2^(k/n) Hz), each from
// 2^(-1/2n) to 2^(+1/2n) of its centre, so neighbours share an edge and 1 kHz is a centre.

export interface Bands {
  count: number;
  centreHz: Float64Array;
  /** Lower edge (inclusive), Hz. */
  loHz: Float64Array;
  /** Upper edge (exclusive), Hz. */
  hiHz: Float64Array;
}

const REFERENCE_HZ = 1000;

/** Every band of 1/perOctave octave whose centre lies within [fMinHz, fMaxHz]. */
export function fractionalOctaveBands(perOctave: number, fMinHz: number, fMaxHz: number): Bands {
  const eps = 1e-9; // a centre exactly on a limit is in
  const first = Math.ceil(perOctave * Math.log2(fMinHz / REFERENCE_HZ) - eps);
  const last = Math.floor(perOctave * Math.log2(fMaxHz / REFERENCE_HZ) + eps);
  const count = Math.max(0, last - first + 1);
  const bands: Bands = {
    count,
    centreHz: new Float64Array(count),
    loHz: new Float64Array(count),
    hiHz: new Float64Array(count),
  };
  const half = Math.pow(2, 1 / (2 * perOctave));
  for (let i = 0; i < count; i++) {
    const centre = REFERENCE_HZ * Math.pow(2, (first + i) / perOctave);
    bands.centreHz[i] = centre;
    bands.loHz[i] = centre / half;
    bands.hiHz[i] = centre * half;
  }
  return bands;
}

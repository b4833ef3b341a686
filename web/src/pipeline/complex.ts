// Complex frequency responses: one complex value per frequency, kept as two typed
// arrays (real and imaginary parts) so a whole curve is multiplied in one pass.

/** A complex number. */
export interface Complex {
  re: number;
  im: number;
}

/** A complex response sampled at a list of frequencies (same length arrays). */
export interface ResponseCurve {
  re: Float64Array;
  im: Float64Array;
}

/** The response 1 (a wire) at `n` frequencies. */
export function unity(n: number): ResponseCurve {
  return { re: new Float64Array(n).fill(1), im: new Float64Array(n) };
}

/** The response 0 (silence) at `n` frequencies. */
export function silence(n: number): ResponseCurve {
  return { re: new Float64Array(n), im: new Float64Array(n) };
}

export function copyCurve(c: ResponseCurve): ResponseCurve {
  return { re: c.re.slice(), im: c.im.slice() };
}

/** target *= value(i), point by point. */
export function multiplyBy(target: ResponseCurve, value: (i: number) => Complex): void {
  for (let i = 0; i < target.re.length; i++) {
    const v = value(i);
    const re = target.re[i]!;
    const im = target.im[i]!;
    target.re[i] = re * v.re - im * v.im;
    target.im[i] = re * v.im + im * v.re;
  }
}

/** target += factor * source (factor real: a gain with its sign). */
export function addScaled(target: ResponseCurve, source: ResponseCurve, factor: number): void {
  for (let i = 0; i < target.re.length; i++) {
    target.re[i]! += factor * source.re[i]!;
    target.im[i]! += factor * source.im[i]!;
  }
}

/** Magnitude in dB (-Infinity for 0). */
export function magnitudeDb(re: number, im: number): number {
  return 20 * Math.log10(Math.hypot(re, im));
}

/** Phase in degrees, wrapped to (-180, 180]. */
export function phaseDeg(re: number, im: number): number {
  const deg = (Math.atan2(im, re) * 180) / Math.PI;
  return deg === -180 ? 180 : deg;
}

/** e^(-j w n): the response of a delay of `n` samples at normalised angle `w` (rad/sample). */
export function delayPhasor(w: number, samples: number): Complex {
  return { re: Math.cos(w * samples), im: -Math.sin(w * samples) };
}

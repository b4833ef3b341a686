// The response math against the engine: every curve of fixtures/responses.json (written
// by `cargo run -p vortex-engine --example response_curves`, the engine's own designs)
// must be reproduced within 0.01 dB and 0.1 degree.
import { describe, expect, it } from "vitest";
import { magnitudeDb, phaseDeg } from "./complex";
import { typeSpec } from "./filterTypes";
import type { FilterDef } from "./model";
import { filterResponse } from "./response";
import fixture from "./fixtures/responses.json";

interface Curve {
  name: string;
  filter: FilterDef;
  magnitude_db: number[];
  phase_deg: number[];
}
const curves = fixture.curves as unknown as Curve[];

/** Difference of two angles in degrees, folded into [0, 180]. */
const angleGap = (a: number, b: number): number => {
  const d = (((a - b) % 360) + 360) % 360;
  return Math.min(d, 360 - d);
};

describe("filter responses match the engine's designs", () => {
  it("has curves to compare", () => {
    expect(curves.length).toBeGreaterThanOrEqual(20);
    expect(fixture.freqs_hz.length).toBeGreaterThan(100);
  });

  for (const curve of curves) {
    it(`${curve.name} (${curve.filter.type})`, () => {
      // A type without an implementation fails here rather than being skipped.
      expect(typeSpec(curve.filter.type), `no spec for ${curve.filter.type}`).toBeDefined();
      const r = filterResponse(curve.filter, fixture.freqs_hz, fixture.sample_rate);
      let compared = 0;
      fixture.freqs_hz.forEach((f, i) => {
        const refDb = curve.magnitude_db[i]!;
        const db = magnitudeDb(r.re[i]!, r.im[i]!);
        if (refDb > -100) {
          expect(Math.abs(db - refDb), `${curve.name} magnitude at ${f.toFixed(1)} Hz`).toBeLessThan(0.01);
          compared++;
        }
        if (refDb > -60) {
          const gap = angleGap(phaseDeg(r.re[i]!, r.im[i]!), curve.phase_deg[i]!);
          expect(gap, `${curve.name} phase at ${f.toFixed(1)} Hz`).toBeLessThan(0.1);
        }
      });
      expect(compared).toBeGreaterThan(0);
    });
  }
});

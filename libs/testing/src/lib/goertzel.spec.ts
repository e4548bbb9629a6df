import { goertzelDb, noiseDb } from './goertzel';

const RATE = 32000;
const WINDOW = 1600;
const NOISE_BINS = [10000, 11400, 12800, 14200];

/** Deterministic uniform noise in ±amplitude (RMS amplitude/√3). */
function noise(amplitude: number, seed = 1): Float64Array {
  let state = seed;
  return Float64Array.from({ length: WINDOW }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return amplitude * ((state / 2 ** 31) * 2 - 1);
  });
}

const tone = (frequency: number, amplitude: number) =>
  Float64Array.from({ length: WINDOW }, (_, index) => amplitude * Math.sin((2 * Math.PI * frequency * index) / RATE));

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('goertzelDb', () => {
  it('reads a sine as its RMS in dBFS', () => {
    expect(goertzelDb(tone(1000, 0.5), 1000, RATE)).toBeCloseTo(-9, 0);
  });
});

describe('noiseDb', () => {
  it('reads white noise at its RMS (10 % uniform noise: −24.8 dBFS)', () => {
    // One window's estimate scatters by a few dB; the mean over windows is the level.
    const readings = Array.from({ length: 50 }, (_, seed) => noiseDb(noise(0.1, seed + 1), NOISE_BINS, RATE));
    expect(mean(readings)).toBeGreaterThan(-27);
    expect(mean(readings)).toBeLessThan(-23);
  });

  it('does not read a loud low tone between two bins as noise at 10–15 kHz', () => {
    // 330 Hz falls halfway between the 20 Hz bins of a 1600-sample window at 32 kHz: unwindowed,
    // its leakage read −44 dB here, loud enough to hide noise fading in.
    expect(noiseDb(tone(330, 0.28), NOISE_BINS, RATE)).toBeLessThan(-80);
  });
});

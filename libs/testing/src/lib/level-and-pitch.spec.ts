import { levelAndPitch } from './media';

const RATE = 8000;
const WINDOW = RATE / 4;

/** A 0.25 s window: `tone` Hz at half scale where `audible(index)`, else `floor` (0, or ±1 LSB of noise). */
function window(tone: number, audible: (index: number) => boolean, floor: (index: number) => number = () => 0) {
  return Int16Array.from({ length: WINDOW }, (_, index) =>
    audible(index) ? Math.round(16384 * Math.sin((2 * Math.PI * tone * index) / RATE)) : floor(index),
  );
}

describe('levelAndPitch', () => {
  it('reads a whole window of a tone as that tone at its level', () => {
    const { rmsDb, frequency } = levelAndPitch(
      window(1000, () => true),
      RATE,
    );
    expect(frequency).toBeGreaterThan(950);
    expect(frequency).toBeLessThan(1050);
    expect(rmsDb).toBeCloseTo(-9, 0);
  });

  it('reads a window half tone, half digital silence as the tone, not as half its pitch', () => {
    const { rmsDb, frequency } = levelAndPitch(
      window(1000, (index) => index < WINDOW / 2),
      RATE,
    );
    expect(frequency).toBeGreaterThan(950);
    expect(frequency).toBeLessThan(1050);
    expect(rmsDb).toBeCloseTo(-12, 0);
  });

  it('gives a noise floor of ±1 LSB no pitch of its own', () => {
    const lsbNoise = (index: number) => (index % 3 === 0 ? -1 : 1);
    const toneOverNoise = levelAndPitch(
      window(440, (index) => index >= WINDOW * 0.7, lsbNoise),
      RATE,
    );
    expect(toneOverNoise.frequency).toBeGreaterThan(420);
    expect(toneOverNoise.frequency).toBeLessThan(460);
    expect(
      levelAndPitch(
        window(440, () => false, lsbNoise),
        RATE,
      ).frequency,
    ).toBe(0);
  });

  it('reads digital silence as −120 dB with no pitch', () => {
    expect(levelAndPitch(new Int16Array(WINDOW), RATE)).toEqual({ rmsDb: -120, frequency: 0 });
  });
});

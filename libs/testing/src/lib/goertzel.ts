/**
 * Power of one frequency in a window of mono samples (−1…1), as the RMS (dBFS) a sine of that power
 * would have: tells one tone's level while other sounds play (a crossfade, noise), where a
 * zero-crossing pitch only finds the loudest.
 */
export function goertzelDb(pcm: Float64Array, frequency: number, rate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / rate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of pcm) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return 10 * Math.log10(Math.max((2 * power) / (pcm.length * pcm.length), 1e-12));
}

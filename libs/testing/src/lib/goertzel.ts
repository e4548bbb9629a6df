/**
 * Power of one frequency in a window of mono samples (−1…1), as the RMS (dBFS) a sine of that power
 * would have: tells one tone's level while other sounds play (a crossfade, noise), where a
 * zero-crossing pitch only finds the loudest.
 */
export function goertzelDb(pcm: Float64Array, frequency: number, rate: number): number {
  return 10 * Math.log10(Math.max((2 * goertzelPower(pcm, frequency, rate)) / (pcm.length * pcm.length), 1e-12));
}

/**
 * The RMS (dBFS) of broadband noise in a window, estimated from its power at `frequencies` (where
 * no tone lies). The window is Hann-tapered first: with a plain (rectangular) window, a loud tone
 * that falls between two bins leaks into every bin, falling only 6 dB per octave (a 330 Hz tone at
 * −14 dBFS read as noise at −44 dB at 10–15 kHz); Hann's leakage falls 18 dB per octave.
 */
export function noiseDb(pcm: Float64Array, frequencies: readonly number[], rate: number): number {
  const tapered = hann(pcm);
  const mean =
    frequencies.reduce((sum, frequency) => sum + goertzelPower(tapered, frequency, rate), 0) / frequencies.length;
  // White noise of RMS σ gives E|X(f)|² = σ² Σw², and Σw² = 3N/8 for Hann.
  return 10 * Math.log10(Math.max(mean / ((3 * pcm.length) / 8), 1e-12));
}

function hann(pcm: Float64Array): Float64Array {
  const last = pcm.length - 1;
  return pcm.map((sample, index) => sample * 0.5 * (1 - Math.cos((2 * Math.PI * index) / last)));
}

/** |X(f)|² of the window (Goertzel's algorithm). */
function goertzelPower(pcm: Float64Array, frequency: number, rate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / rate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of pcm) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

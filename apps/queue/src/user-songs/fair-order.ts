/**
 * Where a new song of `owner` goes so owners take turns: each queued song gets a round (how many
 * songs of its owner come before it); the new one goes after the last song whose round is not
 * later than its own. `owners` lists the owner of each song from the current one on.
 */
export function fairPosition(owners: readonly string[], owner: string): number {
  const seen = new Map<string, number>();
  const rounds = owners.map((each) => {
    const round = seen.get(each) ?? 0;
    seen.set(each, round + 1);
    return round;
  });
  const mine = seen.get(owner) ?? 0;
  let position = 0;
  rounds.forEach((round, index) => {
    if (round <= mine) position = index + 1;
  });
  return position;
}

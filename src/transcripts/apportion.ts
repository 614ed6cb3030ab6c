// Splitting an exact integer total into integer shares by weight, summing exactly to the total
// (largest remainder): a session's cost and tokens as Claude Code accounted them, spread over the
// times of its requests without losing or inventing a nano-dollar or a token.

/** Shares of `total` in proportion to `weights` (equal shares when every weight is zero). */
export function apportion(total: number, weights: ArrayLike<number>): number[] {
  const n = weights.length;
  if (n === 0) return [];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  const ws = sum > 0 ? weights : new Array<number>(n).fill(1);
  const wsum = sum > 0 ? sum : n;
  const shares = new Array<number>(n);
  const fractions = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * ws[i]!) / wsum;
    const share = Math.floor(exact);
    shares[i] = share;
    fractions[i] = exact - share;
    given += share;
  }
  let left = total - given;
  if (left === 0) return shares;
  // Rounding in doubles can leave the floors a unit or two off either way: settle by the fractions.
  const order = [...shares.keys()].sort((a, b) => (left > 0 ? fractions[b]! - fractions[a]! : fractions[a]! - fractions[b]!) || a - b);
  for (let k = 0; left !== 0; k = (k + 1) % n) {
    const i = order[k]!;
    if (left > 0) {
      shares[i]!++;
      left--;
    } else if (shares[i]! > 0) {
      shares[i]!--;
      left++;
    }
  }
  return shares;
}

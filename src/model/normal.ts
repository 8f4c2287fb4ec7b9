/**
 * The standard normal CDF to double precision, for option values (SPEC 8.9). erfc is W. J.
 * Cody's rational Chebyshev approximation ("Rational Chebyshev approximations for the
 * error function", Math. Comp. 23, 1969, pp. 631-638), as in his CALERF routine of the
 * netlib SPECFUN package (latest modification 1990): the published coefficients for
 * |x| <= 0.46875, 0.46875 < |x| <= 4 and |x| > 4, good to about 1e-16 relative in IEEE
 * doubles. The tests check it against published values of the normal CDF.
 */

// The coefficients as Cody published them, digit for digit (more digits than a double
// holds: each becomes the nearest double, which is what his routine computes with).
/* eslint-disable no-loss-of-precision */
const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
];
const Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185,
];
const SQRT_PI_INVERSE = 0.56418958354775628695;
/* eslint-enable no-loss-of-precision */
const X_SMALL = 1.11e-16;
const X_BIG = 26.543;

/** exp(-y²) without losing the low bits of y² (Cody: split y at a multiple of 1/16). */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** The complementary error function erfc(x) = 1 - erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  let result: number;
  if (y <= 0.46875) {
    const ysq = y > X_SMALL ? y * y : 0;
    let num = A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return 1 - (x * (num + A[3])) / (den + B[3]);
  } else if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    result = expMinusSquare(y) * ((num + C[7]) / (den + D[7]));
  } else if (y >= X_BIG) {
    result = 0;
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    result = (ysq * (num + P[4])) / (den + Q[4]);
    result = (SQRT_PI_INVERSE - result) / y;
    result = expMinusSquare(y) * result;
  }
  return x < 0 ? 2 - result : result;
}

/** N(x), the standard normal CDF: erfc(-x / √2) / 2. */
export const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** φ(x), the standard normal density. */
export const normalDensity = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

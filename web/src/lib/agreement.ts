/** How the console speaks of agreement between annotators. */

/** Landis and Koch's words for a kappa, for readers who do not know the scale. */
export function kappaWords(kappa: number): string {
  if (kappa < 0) return 'worse than chance'
  if (kappa <= 0.2) return 'slight'
  if (kappa <= 0.4) return 'fair'
  if (kappa <= 0.6) return 'moderate'
  if (kappa <= 0.8) return 'substantial'
  return 'almost perfect'
}

const digitsByCurrency = new Map<string, number>();

/** A currency's minor-unit digits as ICU knows them (2 for EUR, 0 for JPY, 3 for BHD; 2 when unknown). */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * An amount rounded to its currency's minor unit: sums of floats carry noise (3 × 9.99 is
 * 29.970000000000002), and an average of 13.3266… EUR is shown as 13.33.
 */
export function roundMoney(amount: number, currency: string): number {
  const scale = 10 ** currencyDigits(currency);
  return Math.round(amount * scale) / scale;
}

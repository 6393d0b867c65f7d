/** `MOBILE_POSTPAID` → "Mobile postpaid": enum values as people read them. */
export function humanise(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

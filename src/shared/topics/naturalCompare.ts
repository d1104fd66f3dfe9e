// Orders topic level names the way people number things: "sensor2" before "sensor10". Our own
// rule rather than Intl.Collator so the order is case-sensitive, identical on every host locale,
// and cheap enough to sort 100,000 siblings.

function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

/**
 * Compares digit runs by numeric value (any length, no overflow) and everything else by UTF-16
 * code unit. Names that differ only in leading zeros ("07" and "7") fall back to plain code unit
 * order, so distinct names never compare equal and sibling order is stable.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let startA = i;
      let startB = j;
      while (startA < a.length && a.charCodeAt(startA) === 0x30) startA++;
      while (startB < b.length && b.charCodeAt(startB) === 0x30) startB++;
      let endA = startA;
      let endB = startB;
      while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
      while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
      // Without leading zeros, a longer run is a bigger number; equal lengths compare digit-wise.
      const lengthDiff = endA - startA - (endB - startB);
      if (lengthDiff !== 0) return lengthDiff;
      for (let k = 0; k < endA - startA; k++) {
        const diff = a.charCodeAt(startA + k) - b.charCodeAt(startB + k);
        if (diff !== 0) return diff;
      }
      i = endA;
      j = endB;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  const restDiff = a.length - i - (b.length - j);
  if (restDiff !== 0) return restDiff;
  return a < b ? -1 : a > b ? 1 : 0;
}

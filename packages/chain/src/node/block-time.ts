// Wall-clock block time for the proposer only (the state machine reads it from the header):
// RFC3339 with 9 fractional digits, strictly increasing even if the clock steps back.
export function nextBlockTime(previous: string, nowMs: number): string {
  let ms = nowMs;
  if (previous) {
    const prevMs = Date.parse(previous);
    if (ms <= prevMs) ms = prevMs + 1;
  }
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

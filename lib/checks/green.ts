/** Conclusions that count as green, as GitHub counts them (a skipped or neutral check does not block). */
export const GREEN = new Set(["success", "neutral", "skipped"]);

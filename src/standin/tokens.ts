// Token counting of the stand-in, which has no tokeniser: a documented rule of thumb is enough for the
// client's accounting to be checked against what the server reported.

/**
 * Token counts of the stand-in: ceil(characters / 4) per text, the usual rule of thumb for English and code
 * with BPE tokenisers. Prompt tokens are summed over every message's content.
 */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

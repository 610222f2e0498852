// The words of search, as the index makes them (docs/search-index.md):
// the search stem of a query word (Snowball Danish from stem-da.js, then
// `fold`, as src/search/words.rs), and the lookup file a stem is in
// (FNV-1a of its UTF-8 bytes, as layout/mod.rs `lookup_of`). search.js
// uses them; tests/browser/search-vectors.test.mjs holds them to the test
// vectors cargo test runs too (tests/search-vectors.json).
(function () {
  "use strict";
  const snowball = self.handbookStemDa || function (w) { return w; };
  function isConsonant(c) { return /\p{L}/u.test(c) && "aeiouyæøå".indexOf(c) < 0; }
  function isLiquid(c) { return c === "l" || c === "n" || c === "r"; }
  // Consonant + e + l/n/r loses the e (5 letters or more); two consonants
  // ending in l/n/r lose the last (4 or more); a doubled consonant ends
  // single (4 or more).
  function fold(stem) {
    const c = Array.from(stem);
    let n = c.length;
    if (n >= 5 && isLiquid(c[n - 1]) && c[n - 2] === "e" && isConsonant(c[n - 3])) c.splice(n - 2, 1);
    n = c.length;
    if (n >= 4 && isLiquid(c[n - 1]) && isConsonant(c[n - 2])) c.pop();
    n = c.length;
    if (n >= 4 && isConsonant(c[n - 1]) && c[n - 1] === c[n - 2]) c.pop();
    return c.join("");
  }
  const utf8 = new TextEncoder();
  self.handbookWords = {
    // The search stem of a lower-cased word.
    stem: function (word) { return fold(snowball(word)); },
    fold: fold,
    // The lookup file (of `count`, a power of two) that holds `stem`.
    lookupFile: function (stem, count) {
      let hash = 0x811c9dc5;
      for (const b of utf8.encode(stem)) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
      return hash & (count - 1);
    },
  };
})();

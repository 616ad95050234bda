// The characters each cut-down font keeps, as inclusive ranges. Shared by the build
// script (which cuts the fonts) and the library (whose tests check the result).
//
// The web app shows English text, amounts in the currencies of its regions, and what
// people type: e-mail addresses, names and search text. So the proportional font keeps
// every Latin letter of the European languages (Latin-1, Latin Extended-A, the Romanian
// comma letters), the combining accents (text pasted in decomposed form), all general
// punctuation and spaces, every currency sign, and a few symbols. Greek and Cyrillic are
// left out, as are the box-drawing and other symbol blocks: such text shows as boxes in
// the browser, as CJK and Arabic text always did with egui's fonts. The desktop app keeps
// the whole fonts.
//
// The monospace font shows codes, card endings, receipt ids, the demo account and PINs:
// ASCII and the bullet. Anything else in monospace text falls back to the proportional
// font, as egui's own font set does for what Hack lacks.

/// What the proportional font (Ubuntu Light) keeps.
pub const PROPORTIONAL_CHARS: &[(char, char)] = &[
    (' ', '~'),               // Basic Latin
    ('\u{A0}', '\u{FF}'),     // Latin-1 Supplement: £ ¥ ¢ § © ± × ÷, Western European letters
    ('\u{100}', '\u{17F}'),   // Latin Extended-A: Central European, Baltic, Turkish letters
    ('\u{192}', '\u{192}'),   // ƒ
    ('\u{218}', '\u{21B}'),   // Ș ș Ț ț (Romanian)
    ('\u{2C6}', '\u{2DD}'),   // spacing accents
    ('\u{300}', '\u{36F}'),   // combining accents
    ('\u{2000}', '\u{206F}'), // General Punctuation: spaces, dashes, quotes, •, …, ‰
    ('\u{20A0}', '\u{20CF}'), // Currency Symbols: €, ₹, ₽, ₩, ...
    ('\u{2116}', '\u{2116}'), // №
    ('\u{2122}', '\u{2122}'), // ™
    ('\u{2190}', '\u{2193}'), // ← ↑ → ↓
    ('\u{2212}', '\u{2212}'), // − (minus)
    ('\u{2248}', '\u{2248}'), // ≈
    ('\u{2260}', '\u{2260}'), // ≠
    ('\u{2264}', '\u{2265}'), // ≤ ≥
    ('\u{FFFD}', '\u{FFFD}'), // replacement character
];

/// What the monospace font (Hack) keeps.
pub const MONOSPACE_CHARS: &[(char, char)] = &[
    (' ', '~'),               // Basic Latin
    ('\u{A0}', '\u{A0}'),     // no-break space
    ('\u{2022}', '\u{2022}'), // • (hidden PIN digits, card endings)
    ('\u{2026}', '\u{2026}'), // … (text cut short)
];

package dev.winnow.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * WordPunct's classes are Python's (the DSIR reference tokenizes with NLTK, i.e. Python's
 * {@code re}): the expected classes below are what {@code str.isspace()} and
 * {@code str.isalnum() or c == '_'} say, where Java's own {@code \s}, {@code \w} or
 * {@code Character.isWhitespace} would say otherwise.
 */
class WordPunctTest {
  @Test
  void classesFollowPythonNotJava() {
    // Python: space; Java's Character.isWhitespace: not (no-break spaces)
    for (int cp : new int[] {0x00A0, 0x2007, 0x202F, 0x0085}) {
      assertEquals(WordPunct.SPACE, WordPunct.classify(cp), String.format("U+%04X", cp));
    }
    // Python: space (separators and ASCII information separators)
    for (int cp : new int[] {' ', '\t', '\n', 0x0B, 0x0C, '\r', 0x1C, 0x1F, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029,
        0x205F, 0x3000}) {
      assertEquals(WordPunct.SPACE, WordPunct.classify(cp), String.format("U+%04X", cp));
    }
    // Python: not alphanumeric, so not a word character; Java's \w (Unicode) counts marks and connectors
    for (int cp : new int[] {0x0301, 0x0903, 0x203F, 0x200B, 0x180E, '-', '.', 0x2026}) {
      assertEquals(WordPunct.OTHER, WordPunct.classify(cp), String.format("U+%04X", cp));
    }
    // Python: alphanumeric (letters of every kind, Nd, Nl, No) or the underscore
    for (int cp : new int[] {'a', 'Z', '0', '_', 0x00E9, 0x01C5, 0x02B0, 0x4E2D, 0x0663, 0x2160, 0x00B2, 0x1D7CE}) {
      assertEquals(WordPunct.WORD, WordPunct.classify(cp), String.format("U+%04X", cp));
    }
  }
}

package dev.winnow.common.text;

/**
 * Character classes of the WordPunct tokenization rule {@code \w+|[^\w\s]+} exactly as
 * Python's {@code re} module defines them for {@code str} patterns, so that Winnow's tokens
 * are those of NLTK's {@code WordPunctTokenizer} (used by the DSIR reference).
 *
 * <p>Java's own {@code \w} (even with UNICODE_CHARACTER_CLASS) differs: it also counts
 * combining marks (Mn, Mc) and connector punctuation as word characters, which Python does
 * not; Java's {@code Character.isWhitespace} misses no-break spaces that Python's
 * {@code str.isspace()} includes. Hence these explicit tables.
 */
public final class WordPunct {
  /** Class of a code point: whitespace, word character, or other (punctuation, symbols, marks). */
  public static final byte SPACE = 0;
  public static final byte WORD = 1;
  public static final byte OTHER = 2;

  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII[c] = (Character.isLetterOrDigit(c) || c == '_') ? WORD : OTHER;
    }
    for (int c = 0x09; c <= 0x0D; c++) {
      ASCII[c] = SPACE;
    }
    for (int c = 0x1C; c <= 0x20; c++) {
      ASCII[c] = SPACE;
    }
  }

  private WordPunct() {}

  /** The class of {@code cp}: {@link #SPACE}, {@link #WORD} or {@link #OTHER}. */
  public static byte classify(int cp) {
    if (cp < 128) {
      return ASCII[cp];
    }
    if (isPythonSpace(cp)) {
      return SPACE;
    }
    return isPythonWord(cp) ? WORD : OTHER;
  }

  /** Python {@code str.isalnum() or c == '_'}: letters (L*) and numbers (Nd, Nl, No). */
  static boolean isPythonWord(int cp) {
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return true;
      default:
        return cp == '_';
    }
  }

  /** Python {@code str.isspace()} (CPython's {@code _PyUnicode_IsWhitespace}). */
  static boolean isPythonSpace(int cp) {
    switch (cp) {
      case 0x0085:
      case 0x00A0:
      case 0x1680:
      case 0x2028:
      case 0x2029:
      case 0x202F:
      case 0x205F:
      case 0x3000:
        return true;
      default:
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || (cp >= 0x2000 && cp <= 0x200A);
    }
  }
}

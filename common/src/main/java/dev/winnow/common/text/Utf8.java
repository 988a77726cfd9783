package dev.winnow.common.text;

/** UTF-8 helpers that avoid allocating an encoded copy of the text. */
public final class Utf8 {
  private Utf8() {}

  /** Number of bytes {@code s} takes in UTF-8 (a lone surrogate counts as one byte, '?'). */
  public static long encodedLength(CharSequence s) {
    int n = s.length();
    long bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // 4 bytes for the pair of 2 chars
          i++;
        } else if (Character.isSurrogate(c)) {
          // encoded as '?' by Java's encoder: one byte
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /** Bytes of code point {@code cp} in UTF-8 (a lone surrogate: 1, Java's '?'). */
  public static int length(int cp) {
    if (cp < 0x80) {
      return 1;
    }
    if (cp < 0x800) {
      return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      return 1;
    }
    return cp < 0x10000 ? 3 : 4;
  }

  /**
   * Writes the UTF-8 encoding of {@code cp} into {@code buf} at {@code pos}; returns the new
   * position. The caller guarantees 4 free bytes. Surrogate code points become '?', as Java's
   * encoder does.
   */
  public static int put(byte[] buf, int pos, int cp) {
    if (cp < 0x80) {
      buf[pos++] = (byte) cp;
    } else if (cp < 0x800) {
      buf[pos++] = (byte) (0xC0 | (cp >> 6));
      buf[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      buf[pos++] = (byte) '?';
    } else if (cp < 0x10000) {
      buf[pos++] = (byte) (0xE0 | (cp >> 12));
      buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[pos++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      buf[pos++] = (byte) (0xF0 | (cp >> 18));
      buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[pos++] = (byte) (0x80 | (cp & 0x3F));
    }
    return pos;
  }
}

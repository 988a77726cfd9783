package dev.winnow.common.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a record's bytes as UTF-8, refusing malformed input instead of replacing it (a
 * replaced character would silently change the text), and refusing NUL bytes, which no text
 * document holds. Reuses its buffers: one instance per reader.
 */
final class StrictUtf8Decoder {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer chars = CharBuffer.allocate(1 << 12);
  private String error;
  private RejectReason errorReason;

  /** Decodes; on failure returns null and leaves {@link #errorReason()} / {@link #error()}. */
  CharBuffer decode(byte[] bytes, int len) {
    for (int i = 0; i < len; i++) {
      if (bytes[i] == 0) {
        errorReason = RejectReason.NUL_BYTE;
        error = "NUL byte at byte " + i + " of the record";
        return null;
      }
    }
    if (chars.capacity() < len) {
      chars = CharBuffer.allocate(Math.max(len, 2 * chars.capacity()));
    }
    chars.clear();
    decoder.reset();
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, len);
    CoderResult r = decoder.decode(in, chars, true);
    if (!r.isError()) {
      r = decoder.flush(chars);
    }
    if (r.isError()) {
      errorReason = RejectReason.INVALID_UTF8;
      error = "invalid UTF-8 at byte " + in.position() + " of the record";
      return null;
    }
    chars.flip();
    return chars;
  }

  String error() {
    return error;
  }

  RejectReason errorReason() {
    return errorReason;
  }

  /** A printable prefix of a raw record for the quarantine (invalid bytes replaced). */
  static String sample(byte[] bytes, int len) {
    int n = Math.min(len, 200);
    String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 && c != '\t' ? '\uFFFD' : c);
    }
    return b.toString();
  }
}

package dev.winnow.common.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads '\n'-terminated lines of bytes (a trailing '\r' dropped, and a UTF-8 byte order mark at
 * the very start of the stream) keeping at most {@code maxLineBytes} of any line in memory: a
 * longer line is skipped to its end and reported as too long with its full length, so one huge
 * record cannot exhaust the heap.
 */
public final class BoundedLineReader {
  private final InputStream in;
  private final int maxLineBytes;
  /**
   * Read 64 KB at a time; 8 KB for a range of under 64 KB, which is a line read back by its
   * offset (the select stage's texts), where a 64 KB read would mostly fetch bytes not wanted.
   */
  private final byte[] buf;
  private int bufPos;
  private int bufLen;
  private long streamPos;

  private byte[] line = new byte[1 << 12];
  private int lineLen;
  private long lineFullLen;
  private long lineNumber;
  private long lineOffset;
  /** The range's end (lines starting at or after it are not read), or -1 for the whole stream. */
  private final long end;
  /** Bytes still to drop before the range's first line: through the first '\n' from readFrom. */
  private boolean skipToLineStart;

  public BoundedLineReader(InputStream in, int maxLineBytes) {
    this(in, maxLineBytes, null);
  }

  /**
   * A reader of the lines of {@code range} (null: the whole stream) from a stream positioned at
   * its {@link LineRange#readFrom()}; line numbers and offsets are those of the whole file.
   */
  public BoundedLineReader(InputStream in, int maxLineBytes, LineRange range) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.buf = new byte[range == null || range.end - range.start >= 1 << 16 ? 1 << 16 : 1 << 13];
    this.end = range == null ? -1 : range.end;
    this.lineNumber = range == null ? 0 : range.firstLine - 1;
    this.streamPos = range == null ? 0 : range.readFrom();
    this.skipToLineStart = range != null && range.start > 0;
  }

  /** Drops the bytes before the range's first line; false when the stream ends first. */
  private boolean skipToLineStart() throws IOException {
    while (true) {
      if (bufPos == bufLen) {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
          return false;
        }
        bufPos = 0;
        bufLen = n;
      }
      while (bufPos < bufLen) {
        streamPos++;
        if (buf[bufPos++] == '\n') {
          return true;
        }
      }
    }
  }

  /**
   * Advances to the next line; false at the end of the stream. An IOException leaves
   * {@link #lineNumber()} and {@link #lineOffset()} at the line being read when it broke.
   */
  public boolean next() throws IOException {
    if (skipToLineStart) {
      skipToLineStart = false;
      if (!skipToLineStart()) {
        streamPos = end; // no line begins in the range
      }
    }
    if (end >= 0 && streamPos >= end) {
      return false;
    }
    lineNumber++;
    lineOffset = streamPos;
    lineLen = 0;
    lineFullLen = 0;
    boolean any = false;
    while (true) {
      if (bufPos == bufLen) {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
          if (!any) {
            lineNumber--;
            return false;
          }
          break;
        }
        bufPos = 0;
        bufLen = n;
      }
      any = true;
      int start = bufPos;
      int end = start;
      while (end < bufLen && buf[end] != '\n') {
        end++;
      }
      append(start, end - start);
      streamPos += end - start;
      if (end < bufLen) {
        bufPos = end + 1;
        streamPos++;
        break;
      }
      bufPos = bufLen;
    }
    if (lineOffset == 0 && startsWithBom(line, lineLen)) {
      // a UTF-8 byte order mark opens the file, not the first record
      System.arraycopy(line, 3, line, 0, lineLen - 3);
      lineLen -= 3;
      lineFullLen -= 3;
    }
    if (lineLen > 0 && lineFullLen <= maxLineBytes && line[lineLen - 1] == '\r') {
      lineLen--;
      lineFullLen--;
    }
    return true;
  }

  /** Whether {@code b} (of {@code len} bytes) opens with the UTF-8 byte order mark EF BB BF. */
  static boolean startsWithBom(byte[] b, int len) {
    return len >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
  }

  private void append(int from, int n) {
    lineFullLen += n;
    int room = maxLineBytes - lineLen;
    int take = Math.min(n, Math.max(room, 0));
    if (take > 0) {
      if (line.length < lineLen + take) {
        line = Arrays.copyOf(line, (int) Math.min((long) maxLineBytes, Math.max(2L * line.length, lineLen + take)));
      }
      System.arraycopy(buf, from, line, lineLen, take);
      lineLen += take;
    }
  }

  /** The current line's bytes (valid up to {@link #length()}), unless it is too long. */
  public byte[] bytes() {
    return line;
  }

  public int length() {
    return lineLen;
  }

  /** The current line's full length, even when it was too long to keep. */
  public long fullLength() {
    return lineFullLen;
  }

  public boolean tooLong() {
    return lineFullLen > maxLineBytes;
  }

  /** 1-based number of the current line. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Byte offset of the current line's start in the (uncompressed) stream. */
  public long lineOffset() {
    return lineOffset;
  }

  /** Releases an oversized line buffer after a huge line, so one record does not pin memory. */
  public void trim() {
    if (line.length > (1 << 20)) {
      line = new byte[1 << 12];
    }
  }
}

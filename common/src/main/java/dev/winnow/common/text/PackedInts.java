package dev.winnow.common.text;

/**
 * The features table's n-gram vectors as binary values (docs/FEATURIZE.md): a list of
 * non-negative ints as unsigned LEB128 varints (7 bits a byte, low bits first, the high bit set
 * on every byte but a value's last). {@code ngram_idx} stores the gaps of its strictly increasing
 * bucket ids (the first id as it is), {@code ngram_cnt} the counts as they are; both decode to
 * as many values as the value has bytes with the high bit clear.
 *
 * <p>Parquet then writes one value a row instead of one a list element with its repetition and
 * definition levels (a fifth of the featurize job's time), and readers decode a short byte array
 * instead of assembling a list: measured in docs/BENCHMARKS.md.
 */
public final class PackedInts {
  private PackedInts() {}

  /** {@code values} (each >= 0) as varints; gaps between consecutive values when {@code deltas}. */
  public static byte[] pack(int[] values, boolean deltas) {
    // sized exactly first: one array, not a worst-case one copied down (parsing, featurizing and
    // packing a DSIR pool file in one thread: 1.42 s with the copy, 1.12 s without; BENCHMARKS)
    int size = 0;
    int previous = 0;
    for (int v : values) {
      int x = deltas ? v - previous : v;
      if (x < 0) {
        throw new IllegalArgumentException(deltas ? "values not increasing: " + previous + ", " + v
            : "negative value " + v);
      }
      previous = v;
      size += (38 - Integer.numberOfLeadingZeros(x | 1)) / 7; // 7 bits a byte
    }
    byte[] out = new byte[size];
    int pos = 0;
    previous = 0;
    for (int v : values) {
      int x = deltas ? v - previous : v;
      previous = v;
      while ((x & ~0x7F) != 0) {
        out[pos++] = (byte) ((x & 0x7F) | 0x80);
        x >>>= 7;
      }
      out[pos++] = (byte) x;
    }
    return out;
  }

  /** The values of {@link #pack}{@code (values, deltas)}. */
  public static int[] unpack(byte[] packed, boolean deltas) {
    int n = 0;
    for (byte b : packed) {
      if (b >= 0) {
        n++;
      }
    }
    int[] values = new int[n];
    int pos = 0;
    int previous = 0;
    for (int i = 0; i < n; i++) {
      int x = 0;
      int shift = 0;
      byte b;
      do {
        b = packed[pos++];
        x |= (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      previous = deltas ? previous + x : x;
      values[i] = previous;
    }
    return values;
  }
}

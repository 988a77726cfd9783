package dev.winnow.common.hash;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * A digest of a set of distinct strings that does not depend on the order they are added in:
 * the sums, modulo 2^64, of two differently seeded xxHash64 values of each element (128 bits).
 * Partial digests merge by adding, so executors digest their partitions and the driver adds them;
 * two runs that decided the same rows get the same hex string whatever their partitioning.
 * Not a cryptographic digest: it identifies outputs, it does not authenticate them.
 */
public final class SetDigest implements Serializable {
  private static final long serialVersionUID = 1L;
  private long a;
  private long b;
  private long count;

  public SetDigest add(String element) {
    byte[] bytes = element.getBytes(StandardCharsets.UTF_8);
    a += Hash64.xx(bytes, 0, bytes.length, 0x5EED_0001L);
    b += Hash64.xx(bytes, 0, bytes.length, 0x5EED_0002L);
    count++;
    return this;
  }

  public SetDigest merge(SetDigest other) {
    a += other.a;
    b += other.b;
    count += other.count;
    return this;
  }

  public long count() {
    return count;
  }

  /** 32 hex digits. */
  public String hex() {
    return Hash64.hex(a) + Hash64.hex(b);
  }
}

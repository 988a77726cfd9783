package dev.winnow.common.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The language detector's table as the build bundles it ({@link LanguageId#TABLE}, written by
 * {@link LanguageId#main} from the library's profiles) is the one the profiles make, and reads back
 * as written. That its answers are the library's is {@link LanguageIdTest}'s.
 */
class OptimaizeDetectorTableTest {
  private static byte[] bytes(OptimaizeDetector d) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      d.write(out);
    }
    return b.toByteArray();
  }

  @Test
  void theBundledTableIsTheOneTheLibrarysProfilesMake() throws IOException {
    byte[] bundled;
    try (InputStream in = LanguageId.class.getResourceAsStream(LanguageId.TABLE)) {
      assertNotNull(in, LanguageId.TABLE + " is written when the classes are built (common/pom.xml)");
      bundled = in.readAllBytes();
    }
    OptimaizeDetector fromProfiles = OptimaizeDetector.fromBuiltInProfiles();
    assertArrayEquals(bytes(fromProfiles), bundled);
    // and it reads back to the same table: every gram, language and probability
    assertArrayEquals(bundled, bytes(OptimaizeDetector.read(new ByteArrayInputStream(bundled))));
    assertTrue(bundled.length > 1_000_000, "70 languages' n-grams: " + bundled.length + " bytes");
  }

  @Test
  void aTableCutShortIsRefusedByName() throws IOException {
    byte[] bundled;
    try (InputStream in = LanguageId.class.getResourceAsStream(LanguageId.TABLE)) {
      bundled = in.readAllBytes();
    }
    for (int length : new int[] {0, 3, 100, bundled.length / 2, bundled.length - 1}) {
      IOException e = assertThrows(IOException.class,
          () -> OptimaizeDetector.read(new ByteArrayInputStream(java.util.Arrays.copyOf(bundled, length))),
          length + " bytes");
      assertTrue(e.getMessage().contains("rebuild the jar"), e.getMessage());
    }
  }

  @Test
  void aTableOfAnotherFormatIsRefusedByName() throws IOException {
    byte[] bundled;
    try (InputStream in = LanguageId.class.getResourceAsStream(LanguageId.TABLE)) {
      bundled = in.readAllBytes();
    }
    bundled[3]++; // the format number
    IOException e = assertThrows(IOException.class,
        () -> OptimaizeDetector.read(new ByteArrayInputStream(bundled)));
    assertTrue(e.getMessage().contains("rebuild the jar"), e.getMessage());
  }
}

package dev.winnow.common.lang;

import com.optimaize.langdetect.cybozu.util.CharNormalizer;
import com.optimaize.langdetect.text.RemoveMinorityScriptsTextFilter;
import com.optimaize.langdetect.text.TextFilter;
import com.optimaize.langdetect.text.UrlTextFilter;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The language of a document, by the optimaize language detector (pure JVM, the n-gram profiles
 * of 70 languages bundled in its jar; the detector Apache Tika ships as its
 * {@code tika-langdetect-optimaize} module). Its first {@link #MAX_CHARS} characters decide,
 * with URLs and e-mail addresses left out. One detector per JVM, loaded on first use (its table
 * from the jar, {@link #TABLE}: about a quarter of a second) and shared by the tasks: it is
 * immutable and thread-safe.
 *
 * <p>The answers are the library's, bit for bit, computed faster: {@link OptimaizeDetector} runs
 * its algorithm over its profiles without a String and a map lookup per n-gram; the URL filter's
 * two regular expressions run only on text that has a {@code ://} or an {@code @}, the least
 * either can match, and the minority-script filter only on text in more than one script.
 */
public final class LanguageId {
  /** The code of a text whose language cannot be told: fewer than {@link #MIN_LETTERS} letters, or no language likely enough. */
  public static final String UNKNOWN = "und";
  /** Characters of a document the detector reads: enough for a confident answer on prose. */
  public static final int MAX_CHARS = 1000;
  /** Fewer letters than this tell no language (a word or two): the document is {@link #UNKNOWN}. */
  public static final int MIN_LETTERS = 20;
  /** The least probability that names a language; below it the document is {@link #UNKNOWN}. */
  public static final double MIN_PROBABILITY = 0.5;
  /** The library's text factory for large texts keeps this many chars of a text. */
  private static final int MAX_TEXT = 10000;
  /** The detector's table in the jar, written by {@link #main} when the jar is built. */
  static final String TABLE = "/dev/winnow/common/lang/optimaize-table.bin";
  private static volatile Detector detector;

  /** A document's language: an ISO 639-1 code (or {@link #UNKNOWN}) and the detector's probability for it. */
  public record Detection(String lang, double probability) {}

  /** The library's text factory's work (its filters, its char normalization) and the detector. */
  private record Detector(TextFilter urls, TextFilter scripts, char[] normalized, OptimaizeDetector detector) {
    /**
     * The detector's answer for what the library's text factory for large texts ({@code
     * CommonTextObjectFactories.forDetectingOnLargeText}) makes of {@code text}, as {@code
     * TextObject.append} makes it: the text through its filters (URLs and e-mail addresses, then
     * minority scripts), each char normalized ({@code CharNormalizer}, looked up), a space after a
     * space dropped, at most {@link #MAX_TEXT} chars.
     */
    OptimaizeDetector.Best detect(CharSequence text) {
      String filtered = scripts.filter(urls.filter(text));
      char[] chars = new char[Math.min(filtered.length(), MAX_TEXT)];
      int n = 0;
      char pre = 0;
      for (int i = 0; i < filtered.length() && n < MAX_TEXT; i++) {
        char c = normalized[filtered.charAt(i)];
        if (c != ' ' || pre != ' ') {
          chars[n++] = c;
        }
        pre = c;
      }
      return detector.detect(chars, n);
    }
  }

  /** The library's text factory's filters, its URL filter skipped where it cannot match. */
  private static Detector detector(OptimaizeDetector detector) {
    TextFilter urls = text -> mayHoldUrlOrMail(text) ? UrlTextFilter.getInstance().filter(text) : text.toString();
    TextFilter minorityScripts = RemoveMinorityScriptsTextFilter.forThreshold(0.3);
    TextFilter scripts = text -> oneScript(text) ? text.toString() : minorityScripts.filter(text);
    char[] normalized = new char[Character.MAX_VALUE + 1];
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      normalized[c] = CharNormalizer.normalize((char) c);
    }
    return new Detector(urls, scripts, normalized, detector);
  }

  /**
   * True when RemoveMinorityScriptsTextFilter leaves {@code text} as it is because it counts at
   * most one script in it (it counts each char's script but COMMON, UNKNOWN and INHERITED): most
   * documents, told without its map of boxed counts.
   */
  private static boolean oneScript(CharSequence text) {
    Character.UnicodeScript seen = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      Character.UnicodeScript s;
      if (c < 0x80) {
        if (((c | 0x20) < 'a') || ((c | 0x20) > 'z')) {
          continue; // every ASCII char but the letters is COMMON
        }
        s = Character.UnicodeScript.LATIN;
      } else {
        s = Character.UnicodeScript.of(c);
        if (s == Character.UnicodeScript.COMMON || s == Character.UnicodeScript.UNKNOWN
            || s == Character.UnicodeScript.INHERITED) {
          continue;
        }
      }
      if (seen == null) {
        seen = s;
      } else if (s != seen) {
        return false;
      }
    }
    return true;
  }

  /** False when neither of UrlTextFilter's patterns ({@code https?://...}, {@code ...@...}) can match. */
  private static boolean mayHoldUrlOrMail(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '@' || (c == ':' && i + 2 < text.length() && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/')) {
        return true;
      }
    }
    return false;
  }

  private LanguageId() {}

  private static Detector detector() {
    Detector d = detector;
    if (d == null) {
      synchronized (LanguageId.class) {
        d = detector;
        if (d == null) {
          try (InputStream bundled = LanguageId.class.getResourceAsStream(TABLE)) {
            d = detector(bundled != null ? OptimaizeDetector.read(bundled) : OptimaizeDetector.fromBuiltInProfiles());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the language detector's profiles", e);
          }
          detector = d;
        }
      }
    }
    return d;
  }

  /**
   * Writes the detector's table, as the library's bundled profiles make it, to {@code args[0]}:
   * the build puts it in the jar as {@link #TABLE} (common/pom.xml), which a fresh JVM reads in
   * about a quarter of a second, where the library takes a second to parse its profiles. Without
   * it (classes run from an IDE) the detector is made from the profiles: the same table.
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(file.getParent());
    Path written = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(written)))) {
      OptimaizeDetector.fromBuiltInProfiles().write(out);
    }
    Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The language of {@code text} (its first {@link #MAX_CHARS} characters). */
  public static Detection detect(String text) {
    CharSequence head = text.length() > MAX_CHARS ? text.subSequence(0, MAX_CHARS) : text;
    int letters = 0;
    for (int i = 0; i < head.length() && letters < MIN_LETTERS; ) {
      int c = Character.codePointAt(head, i);
      letters += Character.isLetter(c) ? 1 : 0;
      i += Character.charCount(c);
    }
    if (letters < MIN_LETTERS) {
      return new Detection(UNKNOWN, 0);
    }
    OptimaizeDetector.Best best = detector().detect(head);
    return best.lang() == null ? new Detection(UNKNOWN, 0)
        : new Detection(best.probability() < MIN_PROBABILITY ? UNKNOWN : best.lang(), best.probability());
  }
}

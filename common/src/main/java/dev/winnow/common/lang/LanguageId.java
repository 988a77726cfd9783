package dev.winnow.common.lang;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The language of a document, by the optimaize language detector (pure JVM, the n-gram profiles
 * of 71 languages bundled in its jar; the detector Apache Tika ships as its
 * {@code tika-langdetect-optimaize} module). Its first {@link #MAX_CHARS} characters decide,
 * with URLs and e-mail addresses left out. One detector per JVM, loaded on first use (about a
 * second) and shared by the tasks: it is immutable and thread-safe.
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
  private static volatile Detector detector;

  /** A document's language: an ISO 639-1 code (or {@link #UNKNOWN}) and the detector's probability for it. */
  public record Detection(String lang, double probability) {}

  private record Detector(LanguageDetector detector, TextObjectFactory texts) {}

  private LanguageId() {}

  private static Detector detector() {
    Detector d = detector;
    if (d == null) {
      synchronized (LanguageId.class) {
        d = detector;
        if (d == null) {
          try {
            d = new Detector(LanguageDetectorBuilder.create(NgramExtractors.standard())
                .withProfiles(new LanguageProfileReader().readAllBuiltIn()).build(),
                CommonTextObjectFactories.forDetectingOnLargeText());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the language detector's bundled profiles", e);
          }
          detector = d;
        }
      }
    }
    return d;
  }

  /** The language of {@code text} (its first {@link #MAX_CHARS} characters). */
  public static Detection detect(String text) {
    CharSequence head = text.length() > MAX_CHARS ? text.subSequence(0, MAX_CHARS) : text;
    if (head.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() < MIN_LETTERS) {
      return new Detection(UNKNOWN, 0);
    }
    Detector d = detector();
    List<DetectedLanguage> found = d.detector().getProbabilities(d.texts().forText(head));
    if (found.isEmpty()) {
      return new Detection(UNKNOWN, 0);
    }
    DetectedLanguage best = found.get(0);
    return new Detection(best.getProbability() < MIN_PROBABILITY ? UNKNOWN : best.getLocale().getLanguage(),
        best.getProbability());
  }
}

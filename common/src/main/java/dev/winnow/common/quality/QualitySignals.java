package dev.winnow.common.quality;

import dev.winnow.common.hash.Hash64;
import dev.winnow.common.text.TokenScan;
import dev.winnow.common.text.WordPunct;

/**
 * Computes the {@link QualitySignal}s of one text in a few linear passes, following the
 * reference implementations of Gopher, C4 and FineWeb (datatrove's filters) with Winnow's own
 * tokens: WordPunct tokens ({@code \w+} words and {@code [^\w\s]+} punctuation runs, as NLTK's
 * {@code wordpunct_tokenize}) stand in for NLTK's {@code word_tokenize}. Lengths are counted in
 * Unicode code points (Python's {@code len}). Lines are split at {@code \n} (a {@code \r} before
 * it is dropped; a newline at the very end opens no line). Where a ratio has nothing to divide by
 * it is 0. Every deviation from the references is listed in docs/QUALITY.md.
 *
 * <p>Not thread-safe: it reuses scratch arrays between texts; use one instance per task.
 */
public final class QualitySignals {
  private static final String[] STOP_WORDS = {"the", "be", "to", "of", "and", "that", "have", "with"};
  private static final String[] POLICY = {"terms of use", "privacy policy", "cookie policy", "uses cookies",
      "use of cookies", "use cookies"};
  private static final int C4_MIN_WORDS_PER_LINE = 3;
  private static final int C4_MAX_WORD_LENGTH = 1000;
  private static final int FW_SHORT_LINE = 30;

  /** The current text's tokens (the original view of its {@link TokenScan}). */
  private int[] tokStart;
  private int[] tokEnd;
  private int[] tokLen;
  private long[] tokHash;
  private byte[] tokType;
  /** The scan of {@link #compute(String)}. */
  private final TokenScan scan = new TokenScan();
  /** prefix[k] = polynomial hash of tokens 0..k-1: any n-gram's hash in O(1). */
  private long[] prefix = new long[257];
  private static final long P = 0x9E3779B97F4A7C15L;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long[] P_POW = new long[11];

  static {
    P_POW[0] = 1;
    for (int i = 1; i < P_POW.length; i++) {
      P_POW[i] = P_POW[i - 1] * P;
    }
  }
  private final HashCounts grams = new HashCounts();
  private final HashCounts lines = new HashCounts();
  /** The paragraphs' own table: sharing {@link #grams}' made each document shrink it, then grow it again. */
  private final HashCounts paragraphs = new HashCounts();

  /** The signals of {@code text}, indexed by {@link QualitySignal#ordinal()}. */
  public double[] compute(String text) {
    scan.scan(text, TokenScan.QUALITY);
    return compute(text, scan);
  }

  /** The signals of {@code text}, whose tokens {@code tokens} scanned with quality hashes. */
  public double[] compute(String text, TokenScan tokens) {
    double[] s = new double[QualitySignal.values().length];
    int chars = text.codePointCount(0, text.length());
    int n = tokens.count;
    tokStart = tokens.start;
    tokEnd = tokens.end;
    tokLen = tokens.length;
    tokHash = tokens.qualityHash;
    tokType = tokens.type;
    if (prefix.length < n + 1) {
      prefix = new long[Math.max(n + 1, 2 * prefix.length)];
    }
    for (int t = 0; t < n; t++) {
      prefix[t + 1] = prefix[t] * P + tokHash[t];
    }
    words(text, n, s);
    symbols(text, s);
    lines(text, chars, s);
    s[QualitySignal.FW_LIST_RATIO.ordinal()] = ratio(count(text, "\n"), n);
    topGrams(n, chars, s);
    duplicateGrams(n, chars, s);
    return s;
  }

  private boolean isWord(int t) {
    return tokType[t] == WordPunct.WORD;
  }

  /** Gopher's word-level signals: count, mean length, letters, stop words. */
  private void words(String text, int tokens, double[] s) {
    int words = 0;
    long length = 0;
    int alpha = 0;
    int stop = 0;
    for (int t = 0; t < tokens; t++) {
      if (!isWord(t)) {
        continue;
      }
      words++;
      length += tokLen[t];
      for (int i = tokStart[t]; i < tokEnd[t]; ) {
        int cp = text.codePointAt(i);
        if (Character.isLetter(cp)) {
          alpha++;
          break;
        }
        i += Character.charCount(cp);
      }
      if (tokLen[t] <= 4 && isStopWord(text, tokStart[t], tokEnd[t] - tokStart[t])) {
        stop++;
      }
    }
    s[QualitySignal.N_WORDS.ordinal()] = words;
    s[QualitySignal.MEAN_WORD_LENGTH.ordinal()] = ratio(length, words);
    s[QualitySignal.ALPHA_WORD_FRAC.ordinal()] = ratio(alpha, words);
    s[QualitySignal.STOP_WORDS.ordinal()] = stop;
  }

  private static boolean isStopWord(String text, int start, int length) {
    for (String w : STOP_WORDS) {
      if (w.length() == length && text.regionMatches(true, start, w, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /** Symbol-to-word ratios and C4's page-level phrases. */
  private void symbols(String text, double[] s) {
    double words = s[QualitySignal.N_WORDS.ordinal()];
    s[QualitySignal.HASH_WORD_RATIO.ordinal()] = ratio(count(text, "#"), words);
    s[QualitySignal.ELLIPSIS_WORD_RATIO.ordinal()] = ratio(count(text, "...") + count(text, "\u2026"), words);
    s[QualitySignal.C4_LOREM_IPSUM.ordinal()] = countIgnoreCase(text, "lorem ipsum");
    s[QualitySignal.C4_CURLY_BRACKETS.ordinal()] = count(text, "{");
  }

  /** Line and paragraph signals (Gopher, C4, FineWeb) in one pass over the lines. */
  private void lines(String text, int chars, double[] s) {
    lines.clear(count(text, "\n") + 1);
    int all = 0;
    int nonBlank = 0;
    int bullets = 0;
    int ellipses = 0;
    int dupLines = 0;
    long dupLineChars = 0;
    int fwPunct = 0;
    int fwShort = 0;
    int c4Sentences = 0;
    int javascript = 0;
    // paragraphs: runs of lines between empty lines (Python's re.split(r"\n{2,}", text.strip()))
    paragraphs.clear(16);
    int paras = 0;
    int dupParas = 0;
    long dupParaChars = 0;
    long paraHash = 0;
    int paraChars = -1;

    int len = text.length();
    int start = 0;
    while (start < len) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      String line = text.substring(start, contentEnd);
      int lineChars = line.codePointCount(0, line.length());
      all++;
      String stripped = line.strip();
      boolean blank = stripped.isEmpty();
      long hash = lineHash(line);
      if (line.isEmpty()) {
        if (paraChars >= 0) {
          paras++;
          if (!paragraphs.add(paraHash)) {
            dupParas++;
            dupParaChars += paraChars;
          }
          paraChars = -1;
        }
      } else if (paraChars < 0) {
        paraHash = Hash64.combine(17, hash);
        paraChars = lineChars;
      } else {
        paraHash = Hash64.combine(paraHash, hash);
        paraChars += 1 + lineChars;
      }
      if (!blank) {
        nonBlank++;
        if (isBullet(stripped)) {
          bullets++;
        }
        if (stripped.endsWith("...") || stripped.endsWith("\u2026")) {
          ellipses++;
        }
        if (!lines.add(hash)) {
          dupLines++;
          dupLineChars += lineChars;
        }
      }
      if (line.endsWith(".") || line.endsWith("'") || line.endsWith("\"") || line.endsWith("!")
          || line.endsWith("?")) {
        fwPunct++;
      }
      if (lineChars <= FW_SHORT_LINE) {
        fwShort++;
      }
      if (countIgnoreCase(stripped, "javascript") > 0) {
        javascript++;
      }
      c4Sentences += c4Sentences(stripped);
      start = nl < 0 ? len : nl + 1;
    }
    if (paraChars >= 0) {
      paras++;
      if (!paragraphs.add(paraHash)) {
        dupParas++;
        dupParaChars += paraChars;
      }
    }
    s[QualitySignal.BULLET_LINE_FRAC.ordinal()] = ratio(bullets, nonBlank);
    s[QualitySignal.ELLIPSIS_LINE_FRAC.ordinal()] = ratio(ellipses, nonBlank);
    s[QualitySignal.DUP_LINE_FRAC.ordinal()] = ratio(dupLines, nonBlank);
    s[QualitySignal.DUP_LINE_CHAR_FRAC.ordinal()] = ratio(dupLineChars, chars);
    s[QualitySignal.DUP_PARA_FRAC.ordinal()] = ratio(dupParas, paras);
    s[QualitySignal.DUP_PARA_CHAR_FRAC.ordinal()] = ratio(dupParaChars, chars);
    s[QualitySignal.C4_SENTENCES.ordinal()] = c4Sentences;
    s[QualitySignal.C4_JAVASCRIPT_LINES.ordinal()] = javascript;
    s[QualitySignal.FW_LINE_PUNCT_RATIO.ordinal()] = ratio(fwPunct, all);
    s[QualitySignal.FW_SHORT_LINE_RATIO.ordinal()] = ratio(fwShort, all);
    s[QualitySignal.FW_DUP_LINE_CHAR_RATIO.ordinal()] = ratio(dupLineChars, chars - count(text, "\n"));
  }

  /** FNV-1a over the line's chars, then mixed: equal lines, equal hashes; others collide ~2^-64. */
  private static long lineHash(String line) {
    long h = FNV_OFFSET;
    for (int i = 0; i < line.length(); i++) {
      h = (h ^ line.charAt(i)) * FNV_PRIME;
    }
    return Hash64.mix(h);
  }

  /** A bullet: the stripped line starts with a bullet character, or with "- " / "* ". */
  static boolean isBullet(String stripped) {
    int cp = stripped.codePointAt(0);
    if ("\u2022\u2023\u25e6\u2043\u25cf\u25aa\u2219".indexOf(cp) >= 0) {
      return true;
    }
    return (cp == '-' || cp == '*') && stripped.length() > 1 && Character.isWhitespace(stripped.charAt(1));
  }

  /**
   * The sentences C4's line rules keep of one stripped line: none unless the line (citation
   * marks removed) ends in terminal punctuation and not an ellipsis, has at least three words and
   * no word over 1,000 characters, and mentions neither javascript nor a cookie/terms policy;
   * then its sentence ends (runs of . ! ? followed by a space or the line's end), at least one.
   */
  static int c4Sentences(String stripped) {
    String line = stripped.indexOf('[') >= 0 ? CITATION.matcher(stripped).replaceAll("") : stripped;
    if (!(line.endsWith(".") || line.endsWith("?") || line.endsWith("!") || line.endsWith("\"")
        || line.endsWith("'")) || line.endsWith("...")) {
      return 0;
    }
    int words = 0;
    int longest = 0;
    int run = 0;
    for (int i = 0; i < stripped.length(); i++) {
      if (Character.isWhitespace(stripped.charAt(i))) {
        run = 0;
      } else {
        if (run++ == 0) {
          words++;
        }
        longest = Math.max(longest, run);
      }
    }
    if (words < C4_MIN_WORDS_PER_LINE || longest > C4_MAX_WORD_LENGTH) {
      return 0;
    }
    if (countIgnoreCase(stripped, "javascript") > 0) {
      return 0;
    }
    for (String p : POLICY) {
      if (countIgnoreCase(stripped, p) > 0) {
        return 0;
      }
    }
    int sentences = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean terminal = c == '.' || c == '!' || c == '?';
      boolean nextTerminal = i + 1 < line.length() && ".!?".indexOf(line.charAt(i + 1)) >= 0;
      if (terminal && !nextTerminal && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))) {
        sentences++;
      }
    }
    return Math.max(1, sentences);
  }

  private static final java.util.regex.Pattern CITATION =
      java.util.regex.Pattern.compile("\\[\\d*]|\\[edit]|\\[citation needed]");

  /** Gopher's top n-gram character fractions, n = 2, 3, 4, over all tokens. */
  private void topGrams(int tokens, int chars, double[] s) {
    QualitySignal[] out = {QualitySignal.TOP_2GRAM_CHAR_FRAC, QualitySignal.TOP_3GRAM_CHAR_FRAC,
        QualitySignal.TOP_4GRAM_CHAR_FRAC};
    for (int n = 2; n <= 4; n++) {
      if (tokens < n) {
        continue;
      }
      grams.clear(tokens);
      int bestCount = 0;
      int bestFirst = 0;
      for (int i = 0; i + n <= tokens; i++) {
        int slot = grams.increment(gramHash(i, n), i);
        int c = grams.count(slot);
        int first = grams.first(slot);
        if (c > bestCount || (c == bestCount && first < bestFirst)) {
          bestCount = c;
          bestFirst = first;
        }
      }
      s[out[n - 2].ordinal()] = ratio((long) gramChars(bestFirst, n) * bestCount, chars);
    }
  }

  /**
   * Gopher's duplicated n-gram character fractions, n = 5..10: walking the n-grams, one already
   * seen adds its characters and the walk jumps past it (so overlapping repeats count once).
   */
  private void duplicateGrams(int tokens, int chars, double[] s) {
    for (int n = 5; n <= 10; n++) {
      long repeated = 0;
      grams.clear(tokens);
      int i = 0;
      while (i + n <= tokens) {
        if (!grams.add(gramHash(i, n))) {
          repeated += gramChars(i, n);
          i += n;
        } else {
          i++;
        }
      }
      s[QualitySignal.DUP_5GRAM_CHAR_FRAC.ordinal() + n - 5] = ratio(repeated, chars);
      if (repeated == 0) {
        break; // a repeated (n+1)-gram holds a repeated n-gram: none repeats at longer n either
      }
    }
  }

  /** The n-gram at token i: its polynomial hash (mod 2^64) from the prefix sums, mixed. */
  private long gramHash(int i, int n) {
    return Hash64.mix(prefix[i + n] - prefix[i] * P_POW[n]);
  }

  /** The length of the n-gram's tokens joined by single spaces. */
  private int gramChars(int i, int n) {
    int c = n - 1;
    for (int j = i; j < i + n; j++) {
      c += tokLen[j];
    }
    return c;
  }

  /** Non-overlapping occurrences of {@code needle} (Python's str.count). */
  static int count(String text, String needle) {
    int c = 0;
    int i = text.indexOf(needle);
    while (i >= 0) {
      c++;
      i = text.indexOf(needle, i + needle.length());
    }
    return c;
  }

  /**
   * Non-overlapping occurrences of the lower-case {@code needle} in {@code text}, in any case.
   * A match starts at a char whose lower case is the needle's first; for an ASCII first char
   * other than 'i' and 'k' (the lower case of U+0130 and U+212A) those are exactly its two ASCII
   * cases, found with {@link String#indexOf(int, int)} (vectorised) instead of a char by char
   * scan: these searches ran once per line and were a fifth of the quality signals' time.
   */
  static int countIgnoreCase(String text, String needle) {
    int c = 0;
    char first = needle.charAt(0);
    int len = needle.length();
    int last = text.length() - len;
    if (first >= 128 || first == 'i' || first == 'k') {
      for (int i = 0; i <= last; i++) {
        if (Character.toLowerCase(text.charAt(i)) == first && text.regionMatches(true, i, needle, 0, len)) {
          c++;
          i += len - 1;
        }
      }
      return c;
    }
    char upper = Character.toUpperCase(first);
    int lower = text.indexOf(first);
    int other = upper == first ? -1 : text.indexOf(upper);
    while (true) {
      int i = lower < 0 ? other : other < 0 ? lower : Math.min(lower, other);
      if (i < 0 || i > last) {
        return c;
      }
      int next = i + 1;
      if (text.regionMatches(true, i, needle, 0, len)) {
        c++;
        next = i + len;
      }
      if (lower >= 0 && lower < next) {
        lower = text.indexOf(first, next);
      }
      if (other >= 0 && other < next) {
        other = text.indexOf(upper, next);
      }
    }
  }

  private static double ratio(double a, double b) {
    return b == 0 ? 0 : a / b;
  }
}

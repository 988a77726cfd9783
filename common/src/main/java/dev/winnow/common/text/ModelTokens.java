package dev.winnow.common.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;

/**
 * A document's length in a language model's tokens: the byte-pair encodings of OpenAI's
 * tiktoken (GPT-2's {@code r50k_base}, {@code p50k_base}, GPT-4's {@code cl100k_base}, GPT-4o's
 * {@code o200k_base}) by JTokkit, a pure-Java implementation whose vocabularies ship in its jar
 * (nothing is downloaded at run time). Text that looks like a special token
 * ({@code <|endoftext|>}) is counted as ordinary text, as a trainer's tokenizer sees web text.
 * One registry per JVM, loaded on first use; encodings are thread-safe.
 */
public final class ModelTokens {
  /** The setting for no model tokenizer: budgets in tokens count WordPunct tokens. */
  public static final String NONE = "none";
  private static volatile EncodingRegistry registry;

  private ModelTokens() {}

  /** The encodings a config may name, besides {@link #NONE}. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (EncodingType t : EncodingType.values()) {
      names.add(t.getName());
    }
    return names;
  }

  /** The encoding called {@code name} (one of {@link #names()}). */
  public static Encoding encoding(String name) {
    EncodingType type = EncodingType.fromName(name).orElseThrow(() ->
        new IllegalArgumentException("no tokenizer '" + name + "' (choose " + NONE + " or one of " + names() + ")"));
    EncodingRegistry r = registry;
    if (r == null) {
      synchronized (ModelTokens.class) {
        r = registry;
        if (r == null) {
          r = Encodings.newLazyEncodingRegistry();
          registry = r;
        }
      }
    }
    return r.getEncoding(type);
  }

  /** The number of {@code encoding}'s tokens in {@code text}. */
  public static int count(Encoding encoding, String text) {
    return encoding.countTokensOrdinary(text);
  }
}

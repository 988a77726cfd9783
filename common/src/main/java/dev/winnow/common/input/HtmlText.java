package dev.winnow.common.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The main text of an HTML page, as WARC input makes documents of pages (jsoup parses them, as
 * a browser would). The boilerplate rule, in three steps:
 * <ol>
 *   <li>Elements that are not the page's text go, with everything in them: {@code script,
 *       style, noscript, template, svg, iframe, form, button, select, nav, header, footer,
 *       aside}; any element with a {@code role} of navigation, banner, contentinfo, search or
 *       menu, or {@code aria-hidden="true"}; any whose {@code class} or {@code id} names
 *       boilerplate ({@link #BOILERPLATE}: footer, sidebar, nav, menu, breadcrumb, cookie,
 *       banner, share, social, advert).</li>
 *   <li>The rest becomes lines: each block element ({@code p, div, li, h1-h6, pre, td, ...})
 *       starts one; whitespace is collapsed except inside {@code pre}, whose lines stay.</li>
 *   <li>A line outside {@code pre} with fewer than {@link #MIN_WORDS} words is dropped unless
 *       it ends a sentence ({@code . ! ? :}): menus, link lists and labels, not prose.</li>
 * </ol>
 */
public final class HtmlText {
  /** Lines of fewer words than this are boilerplate unless they end a sentence. */
  public static final int MIN_WORDS = 3;
  private static final Set<String> DROPPED = Set.of("script", "style", "noscript", "template", "svg", "iframe",
      "form", "button", "select", "nav", "header", "footer", "aside", "head");
  private static final Set<String> ROLES = Set.of("navigation", "banner", "contentinfo", "search", "menu");
  /** Words in a class or id that mark boilerplate. */
  static final Pattern BOILERPLATE = Pattern.compile(
      "(?i)(^|[-_ ])(footer|sidebar|sphinxsidebar|nav|navbar|navigation|menu|breadcrumbs?|cookies?|banner|share|social|"
          + "advert|ads)($|[-_ ])");
  private static final Set<String> BLOCKS = Set.of("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
      "h4", "h5", "h6", "pre", "blockquote", "table", "tr", "td", "th", "section", "article", "main", "br", "hr",
      "body", "figure", "figcaption", "address", "caption");
  private static final char PRE_MARK = '\u0001';
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private HtmlText() {}

  /** The page's main text, lines joined by newlines ("" when nothing is left). */
  public static String extract(Document page) {
    Element body = page.body();
    if (body == null) {
      return "";
    }
    List<Element> gone = new ArrayList<>();
    for (Element e : body.getAllElements()) {
      if (boilerplate(e)) {
        gone.add(e);
      }
    }
    gone.forEach(Element::remove);
    StringBuilder raw = new StringBuilder();
    NodeTraversor.traverse(new NodeVisitor() {
      private int preDepth; // pre elements open around the current node

      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode t) {
          // pre lines are kept as they are: marked, so the short-line rule leaves them
          raw.append(preDepth > 0 ? t.getWholeText().replace("\n", "\n" + PRE_MARK) : t.text());
        } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
          raw.append('\n');
          if (e.normalName().equals("pre")) {
            raw.append(PRE_MARK);
            preDepth++;
          }
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
          raw.append('\n');
          if (e.normalName().equals("pre")) {
            preDepth--;
          }
        }
      }
    }, body);
    StringBuilder out = new StringBuilder();
    for (String line : raw.toString().split("\n")) {
      boolean pre = !line.isEmpty() && line.charAt(0) == PRE_MARK;
      String l = pre ? line.substring(1).stripTrailing() : SPACES.matcher(line).replaceAll(" ").strip();
      if (l.isBlank() || (!pre && isShort(l))) {
        continue;
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(l);
    }
    return out.toString();
  }

  private static boolean isShort(String line) {
    char last = line.charAt(line.length() - 1);
    return line.split(" ").length < MIN_WORDS && ".!?:".indexOf(last) < 0;
  }

  static boolean boilerplate(Element e) {
    if (DROPPED.contains(e.normalName())) {
      return true;
    }
    if (ROLES.contains(e.attr("role").toLowerCase(Locale.ROOT)) || e.attr("aria-hidden").equalsIgnoreCase("true")) {
      return true;
    }
    return BOILERPLATE.matcher(e.className()).find() || BOILERPLATE.matcher(e.id()).find();
  }
}

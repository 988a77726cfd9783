package dev.winnow.common.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

/**
 * WARC and WET files for tests, written with jwarc from the real HTML pages of
 * src-test-resources/warc (Python's Library Reference as Debian ships it): what a crawl of them
 * would have stored, never fetched.
 */
public final class WarcFiles {
  public static final List<String> PAGES = List.of("linecache.html", "colorsys.html", "quopri.html");
  public static final Instant DATE = Instant.parse("2026-11-30T12:00:00Z");

  private WarcFiles() {}

  public static String url(String page) {
    return "https://docs.python.org/3.11/library/" + page;
  }

  public static byte[] page(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(WarcFiles.class.getResourceAsStream("/warc/" + name), name)) {
      return in.readAllBytes();
    }
  }

  /**
   * A crawl of the pages: a request and a 200 HTML response each, then a 404 HTML page and a PNG
   * image (responses that are no page), gzip per record as Common Crawl writes them (or plain).
   * Returns the file and, in {@code ids}, the page responses' record ids in order.
   */
  public static byte[] warc(boolean gzip, List<String> ids) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WarcWriter w = new WarcWriter(java.nio.channels.Channels.newChannel(out),
        gzip ? WarcCompression.GZIP : WarcCompression.NONE)) {
      for (String page : PAGES) {
        w.write(new WarcRequest.Builder(URI.create(url(page))).date(DATE)
            .body(new HttpRequest.Builder("GET", "/3.11/library/" + page).build()).build());
        WarcResponse r = new WarcResponse.Builder(URI.create(url(page))).date(DATE)
            .body(new HttpResponse.Builder(200, "OK").body(MediaType.HTML_UTF8, page(page)).build()).build();
        ids.add(r.id().toString());
        w.write(r);
      }
      w.write(new WarcResponse.Builder(URI.create(url("missing.html"))).date(DATE)
          .body(new HttpResponse.Builder(404, "Not Found").body(MediaType.HTML_UTF8,
              "<html><body><p>This page was not found on the server, sorry.</p></body></html>"
                  .getBytes(StandardCharsets.UTF_8)).build()).build());
      w.write(new WarcResponse.Builder(URI.create("https://docs.python.org/logo.png")).date(DATE)
          .body(new HttpResponse.Builder(200, "OK").body(MediaType.parse("image/png"),
              new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}).build()).build());
    }
    return out.toByteArray();
  }

  /** Common Crawl's WET of such a crawl: a conversion record of text per page. */
  public static byte[] wet(List<String> texts, List<String> ids) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WarcWriter w = new WarcWriter(java.nio.channels.Channels.newChannel(out), WarcCompression.GZIP)) {
      for (int i = 0; i < texts.size(); i++) {
        WarcConversion c = new WarcConversion.Builder().date(DATE)
            .addHeader("WARC-Target-URI", url(PAGES.get(i % PAGES.size())))
            .body(MediaType.PLAIN_TEXT, texts.get(i).getBytes(StandardCharsets.UTF_8)).build();
        ids.add(c.id().toString());
        w.write(c);
      }
    }
    return out.toByteArray();
  }
}

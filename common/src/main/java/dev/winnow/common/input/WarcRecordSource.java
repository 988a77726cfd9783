package dev.winnow.common.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTargetRecord;

/**
 * The records of a WARC file (jwarc): in {@link InputFormat#WET} files (Common Crawl's text
 * extracts) each {@code conversion} record is a document, its text as it is; in
 * {@link InputFormat#WARC} files each {@code response} record holding an HTML page with HTTP
 * status 200 is a document, its main text extracted by {@link HtmlText}. A document's id is its
 * {@code WARC-Record-ID}; its metadata, when input.metadata_fields names them, {@code url}
 * (WARC-Target-URI) and {@code date} (WARC-Date, ISO-8601). Every record counts: a response
 * that is not a 200 HTML page is quarantined as {@link RejectReason#NOT_HTML_PAGE}; records
 * that carry no page ({@code warcinfo}, {@code request}, {@code metadata}, ...) are skipped and
 * counted like blank lines; a record that cannot be parsed ends the file with one
 * {@link RejectReason#TRUNCATED_INPUT}. A record's "line" is its ordinal in the file (1-based),
 * its offset where it starts in the uncompressed stream.
 */
public final class WarcRecordSource implements RecordSource {
  /** Metadata fields a WARC record offers. */
  public static final String URL = "url";
  public static final String DATE = "date";
  private final WarcReader reader;
  private final boolean wet;
  private final List<String> metaFields;
  private final int maxRecordBytes;
  private final StrictUtf8Decoder utf8 = new StrictUtf8Decoder();
  private final FileTally tally = new FileTally();
  private long ordinal;
  private boolean ended;

  private WarcRecordSource(WarcReader reader, boolean wet, List<String> metaFields, int maxRecordBytes) {
    this.reader = reader;
    this.wet = wet;
    this.metaFields = metaFields;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** A source over the (decompressed) WARC stream {@code in}; a stream that is no WARC gives one rejection. */
  static RecordSource open(InputStream in, InputFormat format, List<String> metaFields, int maxRecordBytes) {
    try {
      return new WarcRecordSource(new WarcReader(in), format == InputFormat.WET, metaFields, maxRecordBytes);
    } catch (StorageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return new RecordSources.Unreadable(InputRecord.reject(0, 0, RejectReason.UNREADABLE_FILE,
          "cannot open as " + format.configName() + ": " + e, null));
    }
  }

  @Override
  public InputRecord next() {
    while (!ended) {
      long offset = reader.position();
      Optional<WarcRecord> next;
      try {
        next = reader.next();
      } catch (StorageReadException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        return end(offset, "the WARC record at byte " + offset + " cannot be read, the rest of the file is lost: " + e);
      }
      if (next.isEmpty()) {
        ended = true;
        return null;
      }
      ordinal++;
      try {
        InputRecord r = record(next.get(), offset);
        if (r != null) {
          return r;
        }
      } catch (StorageReadException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        return end(offset, "the WARC record at byte " + offset + " is cut short, the rest of the file is lost: " + e);
      }
    }
    return null;
  }

  private InputRecord end(long offset, String detail) {
    ended = true;
    tally.countReject(RejectReason.TRUNCATED_INPUT);
    return InputRecord.reject(ordinal + 1, offset, RejectReason.TRUNCATED_INPUT, detail, null);
  }

  /** The record as a document or a rejection, or null when it carries no page (counted as skipped). */
  private InputRecord record(WarcRecord r, long offset) throws IOException {
    if (wet ? !(r instanceof WarcConversion) : !(r instanceof WarcResponse)) {
      tally.countBlankLine();
      return null;
    }
    WarcTargetRecord page = (WarcTargetRecord) r;
    String text;
    if (wet) {
      byte[] body = bounded(page.body().stream());
      if (body == null) {
        return tooLarge(offset);
      }
      java.nio.CharBuffer chars = utf8.decode(body, body.length);
      if (chars == null) {
        return reject(offset, utf8.errorReason(), utf8.error(), StrictUtf8Decoder.sample(body, body.length));
      }
      text = chars.toString();
    } else {
      HttpResponse http = ((WarcResponse) page).http();
      MediaType type = http.contentType();
      String base = type == null ? "" : type.base().toString().toLowerCase(Locale.ROOT);
      if (http.status() != 200 || !(base.equals("text/html") || base.equals("application/xhtml+xml"))) {
        return reject(offset, RejectReason.NOT_HTML_PAGE, "HTTP status " + http.status() + ", content type "
            + (base.isEmpty() ? "none" : base) + ": " + page.target(), null);
      }
      byte[] body = bounded(http.body().stream());
      if (body == null) {
        return tooLarge(offset);
      }
      String charset = type.parameters().get("charset");
      text = HtmlText.extract(Jsoup.parse(new java.io.ByteArrayInputStream(body),
          charset != null && Charset.isSupported(charset) ? charset : null, page.target()));
    }
    Map<String, String> meta = new HashMap<>();
    for (String f : metaFields) {
      if (f.equals(URL)) {
        meta.put(URL, page.target());
      } else if (f.equals(DATE)) {
        meta.put(DATE, page.date().toString());
      }
    }
    tally.countDoc();
    return InputRecord.doc(ordinal, offset, page.id().toString(), text, meta);
  }

  /** The whole stream, or null when it is longer than input.max_record_bytes. */
  private byte[] bounded(InputStream in) throws IOException {
    byte[] b = in.readNBytes(maxRecordBytes + 1);
    if (b.length > maxRecordBytes) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return null;
    }
    return b;
  }

  private InputRecord tooLarge(long offset) {
    return reject(offset, RejectReason.TOO_LARGE, "the record's payload exceeds input.max_record_bytes = "
        + maxRecordBytes, null);
  }

  private InputRecord reject(long offset, RejectReason reason, String detail, String sample) {
    tally.countReject(reason);
    return InputRecord.reject(ordinal, offset, reason, detail, sample);
  }

  @Override
  public FileTally tally() {
    return tally;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}

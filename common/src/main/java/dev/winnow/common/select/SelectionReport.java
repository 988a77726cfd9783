package dev.winnow.common.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The select stage's {@code report.html}: one self-contained page (inline SVG and CSS, no
 * network) with the run's figures and four plots: quota against pool size per cluster, the
 * score distribution of the pool and of the selection, drops by reason, and each cluster's top
 * words. Every figure the page states carries a {@code data-figure} name and every plot a
 * {@code data-plot} name; a small inline script counts each plot's drawn marks after layout
 * into {@code data-drawn}, which is what the browser test reads.
 */
public final class SelectionReport {
  /** One cluster's line. */
  public static final class ClusterRow {
    final int cluster;
    final long poolSize;
    final long available;
    final long quota;
    final long kept;
    final List<String> topWords;
    /** The target's share of this cluster, or NaN without a target mix. */
    final double targetShare;

    public ClusterRow(int cluster, long poolSize, long available, long quota, long kept, List<String> topWords,
        double targetShare) {
      this.cluster = cluster;
      this.poolSize = poolSize;
      this.available = available;
      this.quota = quota;
      this.kept = kept;
      this.topWords = topWords;
      this.targetShare = targetShare;
    }
  }

  private final List<String[]> figures = new ArrayList<>();
  private final List<ClusterRow> clusters = new ArrayList<>();
  private Map<String, Long> reasons = Map.of();
  private Map<String, long[]> languages = Map.of();
  private double[] edges = new double[0];
  private long[] poolHist = new long[0];
  private long[] keptHist = new long[0];
  private String scoreName = "log_w";
  private String budgetUnit = "docs";

  /** A headline figure: its name (the data-figure attribute), label and value as shown. */
  public SelectionReport figure(String name, String label, String value) {
    figures.add(new String[] {name, label, value});
    return this;
  }

  public SelectionReport cluster(ClusterRow row) {
    clusters.add(row);
    return this;
  }

  /** Dropped documents by reason, in the order to show. */
  public SelectionReport reasons(Map<String, Long> byReason) {
    this.reasons = byReason;
    return this;
  }

  /** Per language (ISO 639-1 code): documents in the pool and kept, in the order given. */
  public SelectionReport languages(Map<String, long[]> poolAndKept) {
    this.languages = poolAndKept;
    return this;
  }

  /** The score histogram: {@code edges.length = bins + 1}. */
  public SelectionReport scores(String name, double[] edges, long[] pool, long[] kept) {
    this.scoreName = name;
    this.edges = edges;
    this.poolHist = pool;
    this.keptHist = kept;
    return this;
  }

  public SelectionReport unit(String unit) {
    this.budgetUnit = unit;
    return this;
  }

  public String html() {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Winnow selection report</title><style>"
        + "body{font:14px/1.4 sans-serif;margin:24px;color:#222;max-width:1100px}"
        + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        + "td.l,th.l{text-align:left}.fig td:first-child{text-align:left}"
        + "svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
    b.append("<h1>Winnow selection report</h1>\n<table class=\"fig\">\n");
    for (String[] f : figures) {
      b.append("<tr><td>").append(esc(f[1])).append("</td><td data-figure=\"").append(esc(f[0])).append("\">")
          .append(esc(f[2])).append("</td></tr>\n");
    }
    b.append("</table>\n");
    b.append("<h2>Quota against pool size, per cluster</h2>\n").append(quotaPlot());
    if (hasTargetShares()) {
      b.append("<h2>Target share and quota share, per cluster</h2>\n").append(targetPlot());
    }
    b.append("<h2>").append(esc(scoreName)).append(": pool and selection</h2>\n").append(scorePlot());
    b.append("<h2>Dropped documents by reason</h2>\n").append(reasonPlot());
    b.append("<h2>Clusters</h2>\n").append(clusterTable());
    if (!languages.isEmpty()) {
      b.append("<h2>Languages</h2>\n").append(languageTable());
    }
    b.append("<script>\nfor (const svg of document.querySelectorAll('svg[data-plot]')) {\n"
        + "  let n = 0;\n"
        + "  for (const m of svg.querySelectorAll('.mark')) { const r = m.getBBox(); if (r.width > 0 || r.height > 0) n++; }\n"
        + "  svg.setAttribute('data-drawn', String(n));\n}\n</script>\n</body></html>\n");
    return b.toString();
  }

  private static final int W = 640;
  private static final int H = 320;
  private static final int M = 50;

  private String quotaPlot() {
    long maxSize = 1;
    long maxQuota = 1;
    long poolTotal = 0;
    long quotaTotal = 0;
    for (ClusterRow c : clusters) {
      maxSize = Math.max(maxSize, c.poolSize);
      maxQuota = Math.max(maxQuota, c.quota);
      poolTotal += c.poolSize;
      quotaTotal += c.quota;
    }
    double maxX = niceCeiling(maxSize);
    // the y range holds the reference line too: the quota a cluster would get in proportion to its size
    double proportionalAtMax = poolTotal == 0 ? 0 : quotaTotal * maxX / poolTotal;
    double maxY = niceCeiling(Math.max(maxQuota, Math.min(proportionalAtMax, 2.0 * maxQuota)));
    StringBuilder s = svgStart("quota_vs_size");
    axes(s, "pool size (documents)", "quota (" + budgetUnit + ")", maxX, maxY, false);
    if (poolTotal > 0) { // from (0, 0) to where it leaves the plot
      double xEnd = Math.min(maxX, maxY * poolTotal / Math.max(1, quotaTotal));
      s.append(String.format(Locale.ROOT, "<line data-reference=\"proportional\" x1=\"%d\" y1=\"%d\" x2=\"%.1f\" "
          + "y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"5,4\"><title>quota in proportion to pool size</title>"
          + "</line>", M, H - M, px(xEnd, maxX), py(quotaTotal * xEnd / poolTotal, maxY)));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#777\">dashed: quota "
          + "in proportion to pool size</text>", M + 8, M - 8));
    }
    Labels labels = new Labels();
    for (ClusterRow c : clusters) {
      double x = px(c.poolSize, maxX);
      double y = py(c.quota, maxY);
      s.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#3b6ea5\">"
          + "<title>cluster %d: %d documents, quota %d</title></circle>", x, y, c.cluster, c.poolSize, c.quota));
      labels.mark(x, y);
    }
    for (ClusterRow c : clusters) {
      labels.place(s, px(c.poolSize, maxX), py(c.quota, maxY), String.valueOf(c.cluster));
    }
    return s.append("</svg>\n").toString();
  }

  private static double px(double v, double max) {
    return M + (W - 2.0 * M) * v / max;
  }

  private static double py(double v, double max) {
    return H - M - (H - 2.0 * M) * v / max;
  }

  /**
   * Point labels that never overprint each other or a point: each label tries four places
   * around its point and is left out (its point keeps its tooltip) when none is free.
   */
  static final class Labels {
    private final java.util.List<double[]> taken = new java.util.ArrayList<>(); // x0, y0, x1, y1
    int placed;
    int omitted;

    void mark(double x, double y) {
      taken.add(new double[] {x - 5, y - 5, x + 5, y + 5});
    }

    void place(StringBuilder s, double x, double y, String text) {
      double w = 6.5 * text.length();
      double h = 10;
      double[][] at = {{x + 7, y - 3}, {x - 7 - w, y - 3}, {x - w / 2, y - 8}, {x - w / 2, y + 17}};
      for (double[] a : at) {
        double[] box = {a[0], a[1] - h, a[0] + w, a[1]};
        if (box[0] >= 0 && box[2] <= W && box[1] >= 0 && box[3] <= H && taken.stream().noneMatch(t -> overlaps(t, box))) {
          taken.add(box);
          s.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\">%s</text>",
              a[0], a[1], esc(text)));
          placed++;
          return;
        }
      }
      omitted++;
    }

    private static boolean overlaps(double[] a, double[] b) {
      return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }
  }

  private boolean hasTargetShares() {
    return clusters.stream().anyMatch(c -> !Double.isNaN(c.targetShare));
  }

  /** Per cluster, two bars: the target's share of it and its share of the quotas. */
  private String targetPlot() {
    long quotaTotal = 0;
    double max = 1e-9;
    for (ClusterRow c : clusters) {
      quotaTotal += c.quota;
    }
    for (ClusterRow c : clusters) {
      max = Math.max(max, Math.max(c.targetShare, share(c.quota, quotaTotal)));
    }
    max = niceCeiling(max);
    StringBuilder s = svgStart("target_share_vs_quota");
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", M, H - M,
        W - M, H - M));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">cluster"
        + "</text>", W / 2, H - 12));
    yAxis(s, "share", max, true);
    double slot = (W - 2.0 * M) / Math.max(1, clusters.size());
    for (int i = 0; i < clusters.size(); i++) {
      ClusterRow c = clusters.get(i);
      double x = M + i * slot;
      double target = Double.isNaN(c.targetShare) ? 0 : c.targetShare;
      double quota = share(c.quota, quotaTotal);
      double ht = (H - 2.0 * M) * target / max;
      double hq = (H - 2.0 * M) * quota / max;
      if (ht > 0) {
        s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            + "height=\"%.1f\" fill=\"#e08a2c\"><title>cluster %d: target share %.1f%%</title></rect>", x + 1,
            H - M - ht, slot / 2 - 1, ht, c.cluster, 100 * target));
      }
      if (hq > 0) {
        s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            + "height=\"%.1f\" fill=\"#3b6ea5\"><title>cluster %d: quota %d (%.1f%%)</title></rect>", x + slot / 2,
            H - M - hq, slot / 2 - 1, hq, c.cluster, c.quota, 100 * quota));
      }
      if (i % Math.max(1, (int) Math.ceil(14 / slot)) == 0) { // a label every 14 px at least: none overprints
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%d"
            + "</text>", x + slot / 2, H - M + 12, c.cluster));
      }
    }
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"14\" width=\"10\" height=\"10\" fill=\"#e08a2c\"/><text "
        + "x=\"%d\" y=\"23\" font-size=\"11\">target share</text><rect x=\"%d\" y=\"14\" width=\"10\" "
        + "height=\"10\" fill=\"#3b6ea5\"/><text x=\"%d\" y=\"23\" font-size=\"11\">quota share</text>",
        W - 220, W - 206, W - 110, W - 96));
    return s.append("</svg>\n").toString();
  }

  private String scorePlot() {
    StringBuilder s = svgStart("score_distribution");
    int bins = poolHist.length;
    long poolTotal = 0;
    long keptTotal = 0;
    for (int i = 0; i < bins; i++) {
      poolTotal += poolHist[i];
      keptTotal += keptHist[i];
    }
    double maxShare = 1e-9;
    for (int i = 0; i < bins; i++) {
      maxShare = Math.max(maxShare, Math.max(share(poolHist[i], poolTotal), share(keptHist[i], keptTotal)));
    }
    maxShare = niceCeiling(maxShare);
    yAxis(s, "share of documents", maxShare, true);
    String lo = bins > 0 ? fmt(edges[0]) : "";
    String hi = bins > 0 ? fmt(edges[bins]) : "";
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", M, H - M,
        W - M, H - M));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", M, H - M + 16, lo));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
        W - M, H - M + 16, hi));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s "
        + "(share of documents per bin)</text>", W / 2, H - 12, esc(scoreName)));
    double bw = (W - 2.0 * M) / Math.max(1, bins);
    for (int i = 0; i < bins; i++) {
      double hp = (H - 2.0 * M) * share(poolHist[i], poolTotal) / maxShare;
      double hk = (H - 2.0 * M) * share(keptHist[i], keptTotal) / maxShare;
      double x = M + i * bw;
      if (hp > 0) {
        s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            + "fill=\"#bbb\"><title>pool: %d</title></rect>", x, H - M - hp, bw, hp, poolHist[i]));
      }
      if (hk > 0) {
        s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            + "fill=\"#d9534f\" fill-opacity=\"0.6\"><title>selection: %d</title></rect>", x, H - M - hk, bw, hk,
            keptHist[i]));
      }
    }
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"14\" width=\"10\" height=\"10\" fill=\"#bbb\"/><text "
        + "x=\"%d\" y=\"23\" font-size=\"11\">pool</text><rect x=\"%d\" y=\"14\" width=\"10\" height=\"10\" "
        + "fill=\"#d9534f\" fill-opacity=\"0.6\"/><text x=\"%d\" y=\"23\" font-size=\"11\">selection</text>",
        W - 160, W - 146, W - 100, W - 86));
    return s.append("</svg>\n").toString();
  }

  private String reasonPlot() {
    long max = 1;
    for (long v : reasons.values()) {
      max = Math.max(max, v);
    }
    int rowH = 22;
    int height = Math.max(60, 30 + rowH * reasons.size());
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg data-plot=\"drops_by_reason\" "
        + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, height, W, height));
    int y = 15;
    int labelW = 190;
    for (Map.Entry<String, Long> e : reasons.entrySet()) {
      double w = (W - labelW - 80.0) * e.getValue() / max;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>",
          labelW - 6, y + 14, esc(e.getKey())));
      s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" "
          + "fill=\"#5a9e6f\"><title>%s: %d</title></rect>", labelW, y + 2, Math.max(w, 1), esc(e.getKey()),
          e.getValue()));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%d</text>", labelW + Math.max(w, 1)
          + 4, y + 14, e.getValue()));
      y += rowH;
    }
    return s.append("</svg>\n").toString();
  }

  private String clusterTable() {
    StringBuilder s = new StringBuilder("<table data-plot-table=\"clusters\"><tr><th>cluster</th><th>pool size</th>"
        + "<th>available</th><th>target share</th><th>quota (" + esc(budgetUnit) + ")</th><th>kept</th>"
        + "<th class=\"l\">top words</th></tr>\n");
    for (ClusterRow c : clusters) {
      s.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%d</td><td>%s</td>"
          + "<td data-figure=\"quota_%d\">%d</td><td>%d</td><td class=\"l\">%s</td></tr>%n", c.cluster, c.poolSize,
          c.available, Double.isNaN(c.targetShare) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * c.targetShare),
          c.cluster, c.quota, c.kept, esc(String.join(", ", c.topWords))));
    }
    return s.append("</table>\n").toString();
  }

  private String languageTable() {
    StringBuilder s = new StringBuilder("<table data-plot-table=\"languages\"><tr><th class=\"l\">language</th>"
        + "<th>pool documents</th><th>kept documents</th></tr>\n");
    languages.forEach((lang, n) -> s.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%d</td>"
        + "<td data-figure=\"kept_lang_%s\">%d</td></tr>%n", esc(lang), n[0], esc(lang), n[1])));
    return s.append("</table>\n").toString();
  }

  private static StringBuilder svgStart(String name) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg data-plot=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", name, W, H, W, H));
  }

  /** Both axes with five ticks each, labelled (as percentages when {@code percent}), and light grid lines. */
  private static void axes(StringBuilder s, String xLabel, String yLabel, double maxX, double maxY, boolean percent) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", M, H - M, W - M, H - M, M, M, M, H - M));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
        W / 2, H - 12, esc(xLabel)));
    yAxis(s, yLabel, maxY, percent);
    for (int i = 0; i <= TICKS; i++) {
      double v = maxX * i / TICKS;
      double x = px(v, maxX);
      s.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
          + "stroke=\"#333\"/><text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>", x, H - M,
          x, H - M + 4, x, H - M + 15, tickLabel(v, percent)));
    }
  }

  /** The y axis alone: its label, five ticks with their values and grid lines. */
  private static void yAxis(StringBuilder s, String yLabel, double maxY, boolean percent) {
    s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 14 %d)\">%s</text>", H / 2, H / 2, esc(yLabel)));
    for (int i = 0; i <= TICKS; i++) {
      double v = maxY * i / TICKS;
      double y = py(v, maxY);
      s.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
          + "stroke=\"#eee\"/><text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", M, y, W - M, y,
          M - 4, y + 3, tickLabel(v, percent)));
    }
  }

  static final int TICKS = 5;

  /** The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten, times five ticks) at or above {@code v}. */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double step = v / TICKS;
    double p = Math.pow(10, Math.floor(Math.log10(step)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p * TICKS >= v * (1 - 1e-12)) {
        return m * p * TICKS;
      }
    }
    return 10 * p * TICKS;
  }

  private static String tickLabel(double v, boolean percent) {
    if (percent) {
      double pct = 100 * v;
      return (pct == Math.rint(pct) ? String.format(Locale.ROOT, "%.0f", pct) : String.format(Locale.ROOT, "%.1f", pct))
          + "%";
    }
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static double share(long v, long total) {
    return total == 0 ? 0 : v / (double) total;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        case '&':
          b.append("&amp;");
          break;
        case '"':
          b.append("&quot;");
          break;
        default:
          b.append(c);
      }
    }
    return b.toString();
  }
}

package dev.winnow.common.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's plots: scales with ticks, the proportional-quota line, labels that never overprint. */
class SelectionReportTest {
  private static String quotaSvg(String html) {
    int start = html.indexOf("<svg data-plot=\"quota_vs_size\"");
    return html.substring(start, html.indexOf("</svg>", start));
  }

  /** 32 clusters, many of them small and close together (as the README's run has them). */
  private static SelectionReport report() {
    SelectionReport r = new SelectionReport();
    for (int c = 0; c < 32; c++) {
      long size = c < 4 ? 190 + 10 * c : 60 + 3 * (c % 9);
      long quota = c == 0 ? 116 : c < 6 ? 9 - c : c % 3;
      r.cluster(new SelectionReport.ClusterRow(c, size, size, quota, quota, List.of("w"), c % 4 == 0 ? 0.1 : 0.02));
    }
    r.reasons(Map.of("too_short", 5L));
    r.scores("log_w", new double[] {-2, -1, 0}, new long[] {10, 5}, new long[] {1, 4});
    return r;
  }

  @Test
  void niceScalesEndOnRoundNumbers() {
    assertEquals(250, SelectionReport.niceCeiling(226));
    assertEquals(125, SelectionReport.niceCeiling(116));
    assertEquals(0.25, SelectionReport.niceCeiling(0.21), 1e-12);
    assertEquals(5, SelectionReport.niceCeiling(5));
    assertEquals(1, SelectionReport.niceCeiling(0));
  }

  @Test
  void theQuotaPlotHasTicksAndTheProportionalLine() {
    String svg = quotaSvg(report().html());
    // six ticks an axis, labelled with round values
    assertEquals(12, svg.split("class=\"tick\"", -1).length - 1);
    assertTrue(svg.contains(">250</text>") && svg.contains(">125</text>"), svg);
    // the dashed line of quota in proportion to size: its slope is the budget over the pool
    Matcher m = Pattern.compile("data-reference=\"proportional\" x1=\"([0-9.]+)\" y1=\"([0-9.]+)\" x2=\"([0-9.]+)\" "
        + "y2=\"([0-9.]+)\"").matcher(svg);
    assertTrue(m.find(), svg);
    double x1 = Double.parseDouble(m.group(1));
    double y1 = Double.parseDouble(m.group(2));
    double x2 = Double.parseDouble(m.group(3));
    double y2 = Double.parseDouble(m.group(4));
    long pool = 0;
    long quota = 0;
    for (int c = 0; c < 32; c++) {
      pool += c < 4 ? 190 + 10 * c : 60 + 3 * (c % 9);
      quota += c == 0 ? 116 : c < 6 ? 9 - c : c % 3;
    }
    double perPixelX = 250.0 / (640 - 100); // the x scale ends at 250 documents over 540 pixels
    double perPixelY = 125.0 / (320 - 100); // the y scale at 125
    assertEquals((double) quota / pool, ((y1 - y2) * perPixelY) / ((x2 - x1) * perPixelX), 0.01);
  }

  @Test
  void pointLabelsNeverOverprint() {
    String svg = quotaSvg(report().html());
    Matcher m = Pattern.compile("<text class=\"label\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-size=\"10\">([0-9]+)</text>")
        .matcher(svg);
    List<double[]> boxes = new ArrayList<>();
    while (m.find()) {
      double x = Double.parseDouble(m.group(1));
      double y = Double.parseDouble(m.group(2));
      boxes.add(new double[] {x, y - 10, x + 6.5 * m.group(3).length(), y});
    }
    assertTrue(boxes.size() >= 10 && boxes.size() < 32, boxes.size() + " labels: the crowded ones are left out");
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        double[] a = boxes.get(i);
        double[] b = boxes.get(j);
        assertTrue(!(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]), "labels " + i + " and " + j + " overlap");
      }
    }
  }
}
